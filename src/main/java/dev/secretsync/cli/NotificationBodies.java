package dev.secretsync.cli;

import dev.secretsync.core.Change;
import dev.secretsync.core.ChangeKind;
import dev.secretsync.core.RunReport;
import dev.secretsync.core.Summary;
import dev.secretsync.core.TargetResult;
import dev.secretsync.report.JsonFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The messages {@link Notifications} sends: a JSON document for webhooks and a Block Kit message
 * for Slack. Both come from the run report, which holds names and fingerprints only — and secret
 * names appear only when the sink sets {@code include_names}. Fingerprints are left out: a chat
 * channel has no use for them.
 */
final class NotificationBodies {
  /** Changes listed per target at most, so a large run does not make a huge message. */
  static final int MAX_NAMES = 50;

  private NotificationBodies() {}

  /** The webhook's JSON body. */
  static Map<String, Object> webhook(
      RunReport report, List<String> events, boolean includeNames, String runUrl) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("source", "secretsync");
    root.put("events", events);
    root.put("run_id", report.runId());
    root.put("started", report.started().toString());
    root.put("duration_ms", report.duration().toMillis());
    root.put("dry_run", report.dryRun());
    root.put("mode", report.mode().name().toLowerCase(Locale.ROOT));
    root.put("ok", !report.failed());
    root.put("summary", JsonFormat.counts(report.summary(), false));
    List<Object> targets = new ArrayList<>();
    for (TargetResult r : report.targets()) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("name", r.target());
      t.put("type", r.type());
      t.put("status", r.status().name().toLowerCase(Locale.ROOT));
      t.put("summary", JsonFormat.counts(r.summary(), false));
      if (!r.message().isEmpty()) {
        t.put("message", r.message());
      }
      if (includeNames) {
        t.put("changes", changes(r));
      }
      targets.add(t);
    }
    root.put("targets", targets);
    root.put("failures", failures(report));
    root.put("run_url", runUrl);
    return root;
  }

  /** The Slack incoming-webhook body: a headline, counts, failures and a link. */
  static Map<String, Object> slack(
      RunReport report, List<String> events, boolean includeNames, String runUrl) {
    Summary s = report.summary();
    String headline =
        (report.failed() ? ":x: SecretSync run failed" : ":white_check_mark: SecretSync run")
            + (report.dryRun() ? " (dry run)" : "")
            + " — "
            + s.added()
            + " added, "
            + s.updated()
            + " updated, "
            + s.deleted()
            + " deleted, "
            + s.orphaned()
            + " orphaned, "
            + s.failed()
            + " failed";
    List<Object> blocks = new ArrayList<>();
    blocks.add(
        section(
            headline
                + "\nRun `"
                + report.runId()
                + "`, "
                + report.targets().size()
                + " target(s), "
                + report.duration().toMillis()
                + " ms"));
    StringBuilder perTarget = new StringBuilder();
    for (TargetResult r : report.targets()) {
      Summary ts = r.summary();
      perTarget
          .append("• *")
          .append(escape(r.target()))
          .append("* ")
          .append(r.status().name().toLowerCase(Locale.ROOT))
          .append(": +")
          .append(ts.added())
          .append(" ~")
          .append(ts.updated())
          .append(" -")
          .append(ts.deleted())
          .append(r.message().isEmpty() ? "" : " — " + escape(r.message()))
          .append('\n');
      if (includeNames) {
        for (Object c : changes(r)) {
          @SuppressWarnings("unchecked")
          Map<String, Object> m = (Map<String, Object>) c;
          perTarget
              .append("    ")
              .append(m.get("action"))
              .append(' ')
              .append(escape(String.valueOf(m.get("name"))))
              .append('\n');
        }
      }
    }
    if (perTarget.length() > 0) {
      // Slack caps a section's text at 3,000 characters.
      String text = perTarget.toString();
      blocks.add(section(text.length() > 2900 ? text.substring(0, 2900) + "\n…" : text));
    }
    List<String> failures = failures(report);
    if (!failures.isEmpty()) {
      StringBuilder f = new StringBuilder("*Problems*\n");
      failures.forEach(p -> f.append("• ").append(escape(p)).append('\n'));
      String text = f.toString();
      blocks.add(section(text.length() > 2900 ? text.substring(0, 2900) + "\n…" : text));
    }
    if (runUrl != null) {
      blocks.add(
          Map.of(
              "type",
              "context",
              "elements",
              List.of(Map.of("type", "mrkdwn", "text", "<" + runUrl + "|Open the run>"))));
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("text", headline + " (" + String.join(", ", events) + ")");
    root.put("blocks", blocks);
    return root;
  }

  private static Map<String, Object> section(String markdown) {
    return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", markdown));
  }

  private static List<Object> changes(TargetResult r) {
    List<Object> out = new ArrayList<>();
    if (r.plan() == null) {
      return out;
    }
    for (Change c : r.plan().changes()) {
      if (c.kind() != ChangeKind.UNCHANGED && out.size() < MAX_NAMES) {
        out.add(Map.of("action", c.kind().label(), "name", c.name()));
      }
    }
    return out;
  }

  private static List<String> failures(RunReport report) {
    List<String> out = new ArrayList<>(report.problems());
    for (TargetResult r : report.targets()) {
      if (r.failed()) {
        out.add(
            "target "
                + r.target()
                + " "
                + r.status().name().toLowerCase(Locale.ROOT)
                + (r.message().isEmpty() ? "" : ": " + r.message())
                + (r.errors().isEmpty() ? "" : " (" + r.errors().size() + " secret(s) failed)"));
      }
    }
    return out;
  }

  /** Slack mrkdwn control characters. */
  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
