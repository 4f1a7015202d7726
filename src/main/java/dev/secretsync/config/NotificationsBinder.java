package dev.secretsync.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Binds and checks {@code notifications:}, a list of sinks. */
final class NotificationsBinder {
  private final YamlContext ctx;

  NotificationsBinder(YamlContext ctx) {
    this.ctx = ctx;
  }

  List<NotificationConfig> bind(YamlObject top) {
    Node list = top.raw("notifications");
    List<NotificationConfig> out = new ArrayList<>();
    if (list == null || YamlObject.isNull(list)) {
      return out;
    }
    if (!(list instanceof SequenceNode seq)) {
      top.problem(
          "notifications",
          "expected a list of sinks (- webhook: {url: …} or - slack: {webhook_url: …}), found "
              + YamlObject.describe(list));
      return out;
    }
    int i = 0;
    for (Node item : seq.getValue()) {
      String path = "notifications[" + i++ + "]";
      ctx.remember(path, item);
      NotificationConfig n = sink(YamlObject.of(item, path, ctx), path);
      if (n != null) {
        out.add(n);
      }
    }
    return out;
  }

  private NotificationConfig sink(YamlObject o, String path) {
    Set<String> on = new LinkedHashSet<>();
    for (String e : o.strings("on")) {
      String event = e.trim().toLowerCase(Locale.ROOT);
      if (!NotificationConfig.EVENTS.contains(event)) {
        o.problem("on", "\"" + e + "\" is not an event; use failure, changes, drift or always");
      } else {
        on.add(event);
      }
    }
    if (on.isEmpty()) {
      on.add("failure");
    }
    NotificationConfig.Webhook webhook = null;
    YamlObject w = o.object("webhook");
    if (w != null) {
      String url = w.string("url", "");
      checkUrl(w, url);
      Map<String, String> headers = w.stringMap("headers");
      webhook = new NotificationConfig.Webhook(url, headers);
      w.finish();
    }
    NotificationConfig.Slack slack = null;
    YamlObject s = o.object("slack");
    if (s != null) {
      String url = s.string("webhook_url", "");
      if (url.isEmpty()) {
        s.problem(
            "webhook_url", "missing: the Slack incoming webhook URL (e.g. ${SLACK_WEBHOOK_URL})");
      } else if (!url.startsWith("https://") && !loopback(url)) {
        s.problem("webhook_url", "must be an https:// URL (Slack incoming webhooks are)");
      }
      slack = new NotificationConfig.Slack(url);
      s.finish();
    }
    if ((webhook == null) == (slack == null)) {
      o.problem(
          null,
          (webhook == null ? "no sink" : "two sinks")
              + ": give exactly one of webhook: {url: …} or slack: {webhook_url: …}");
    }
    boolean includeNames = o.bool("include_names", false);
    Duration timeout = o.duration("timeout", Duration.ofSeconds(10));
    if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(Duration.ofMinutes(2)) > 0) {
      o.problem("timeout", timeout + " is out of range; use 1s to 2m");
    }
    o.finish();
    return new NotificationConfig(on, webhook, slack, includeNames, timeout, path);
  }

  /** http:// is accepted for a local relay (or a test receiver) only. */
  private static boolean loopback(String url) {
    try {
      URI u = URI.create(url);
      return "http".equals(u.getScheme())
          && ("127.0.0.1".equals(u.getHost()) || "localhost".equals(u.getHost()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void checkUrl(YamlObject w, String url) {
    if (url.isEmpty()) {
      w.problem("url", "missing: the URL to POST the run summary to");
      return;
    }
    try {
      URI u = URI.create(url);
      if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null) {
        w.problem("url", "\"" + url + "\" is not an http(s) URL");
      }
    } catch (IllegalArgumentException e) {
      w.problem("url", "\"" + url + "\" is not a URL: " + e.getMessage());
    }
  }
}
