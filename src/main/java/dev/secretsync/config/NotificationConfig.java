package dev.secretsync.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entry of {@code notifications:}: where to send the end-of-run message and when. Exactly one
 * of {@code webhook} and {@code slack} is set. See {@code docs/observability.md}.
 *
 * @param on the events that send it: {@code failure}, {@code changes} (a real run changed
 *     something), {@code drift} (a dry run found changes), {@code always}; default {@code
 *     [failure]}
 * @param webhook a JSON POST, or null
 * @param slack a Slack incoming webhook (Block Kit message), or null
 * @param includeNames whether secret names of changes are listed (never values); default false
 * @param timeout per attempt; default 10s
 * @param path the config path of this entry ({@code notifications[1]}), for messages
 */
public record NotificationConfig(
    Set<String> on,
    Webhook webhook,
    Slack slack,
    boolean includeNames,
    Duration timeout,
    String path) {

  /** The events a sink can be sent on. */
  public static final Set<String> EVENTS = Set.of("failure", "changes", "drift", "always");

  /** Copies the set. */
  public NotificationConfig {
    on = Set.copyOf(on);
  }

  /**
   * {@code webhook}: POST of the run summary as JSON.
   *
   * @param url http(s) URL
   * @param headers extra request headers (e.g. an authorisation header from an env variable)
   */
  public record Webhook(String url, Map<String, String> headers) {
    /** Copies the map. */
    public Webhook {
      headers = Map.copyOf(headers);
    }

    @Override
    public String toString() {
      // Header values are often tokens: never print them.
      return "Webhook[" + url + ", headers " + List.copyOf(headers.keySet()) + "]";
    }
  }

  /**
   * {@code slack}: a Slack incoming webhook.
   *
   * @param webhookUrl the hook URL (itself a credential: never logged)
   */
  public record Slack(String webhookUrl) {
    @Override
    public String toString() {
      return "Slack[webhook_url redacted]";
    }
  }

  /** Where it goes, for messages: the webhook's host, or "Slack". */
  public String describe() {
    if (slack != null) {
      return "Slack";
    }
    try {
      return "webhook " + java.net.URI.create(webhook.url()).getHost();
    } catch (IllegalArgumentException e) {
      return "webhook";
    }
  }
}
