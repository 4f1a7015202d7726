package dev.secretsync.report;

import static dev.secretsync.report.ShardReports.list;
import static dev.secretsync.report.ShardReports.map;
import static dev.secretsync.report.ShardReports.number;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.secretsync.core.Summary;
import java.util.Map;

/**
 * Renders a {@linkplain ShardReports combined report}: JSON (the document itself), human text in
 * the layout of {@code pipeline}'s report, or GitHub Actions workflow commands plus a step summary.
 * The documents hold names and fingerprints only, so nothing here can print a value.
 */
public final class CombinedFormat {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CombinedFormat() {}

  /** The combined document as JSON. */
  public static String json(Map<String, Object> doc) {
    try {
      return MAPPER.writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the combined report", e);
    }
  }

  /** For people: per target its counts and changes, then the shards, problems and totals. */
  public static String human(Map<String, Object> doc) {
    boolean dryRun = Boolean.TRUE.equals(doc.get("dry_run"));
    StringBuilder sb = new StringBuilder("SecretSync combined ");
    sb.append(dryRun ? "plan" : "sync")
        .append(" — ")
        .append(list(doc.get("shards")).size())
        .append(" report(s)")
        .append(dryRun ? " (dry run: nothing was written)" : "")
        .append("\n\n");
    int notOk = 0;
    for (Object o : list(doc.get("targets"))) {
      Map<String, Object> t = map(o);
      String status = String.valueOf(t.get("status"));
      boolean failed =
          status.equals("failed") || status.equals("partial") || status.equals("skipped");
      notOk += failed ? 1 : 0;
      sb.append("Target ").append(t.get("name")).append(" (").append(t.get("type"));
      if (t.get("secrets") != null) {
        sb.append(", ").append(t.get("secrets")).append(" secrets");
      }
      sb.append("): ");
      String message = String.valueOf(t.getOrDefault("message", ""));
      switch (status) {
        case "merged" -> sb.append("merged");
        case "failed", "skipped" -> sb.append(status.toUpperCase()).append(": ").append(message);
        default -> {
          sb.append(Texts.planSummary(summary(t.get("summary")), dryRun));
          if (!message.isEmpty()) {
            sb.append(" — ").append(message);
          }
        }
      }
      sb.append('\n');
      for (Object c : list(t.get("changes"))) {
        Map<String, Object> ch = map(c);
        sb.append("  ")
            .append(ch.get("name"))
            .append("  ")
            .append(ch.get("action"))
            .append(notDone(ch))
            .append('\n');
      }
      for (Object e : list(t.get("errors"))) {
        Map<String, Object> err = map(e);
        sb.append("  ! ")
            .append(err.get("name"))
            .append("  ")
            .append(err.get("message"))
            .append('\n');
      }
    }
    sb.append('\n');
    for (Object o : list(doc.get("shards"))) {
      Map<String, Object> s = map(o);
      sb.append(
              s.get("index") == null
                  ? s.get("file")
                  : "shard " + s.get("index") + "/" + s.get("count"))
          .append(": ")
          .append(Boolean.TRUE.equals(s.get("ok")) ? "ok" : "FAILED")
          .append(", ")
          .append(s.get("targets"))
          .append(" target(s)")
          .append(s.get("run_id") == null ? "" : ", run " + s.get("run_id"))
          .append('\n');
    }
    for (Object w : list(doc.get("warnings"))) {
      sb.append("warning: ").append(w).append('\n');
    }
    for (Object p : list(doc.get("problems"))) {
      sb.append("error: ").append(p).append('\n');
    }
    int targets = list(doc.get("targets")).size();
    sb.append(dryRun ? "Plan: " : "Done: ")
        .append(Texts.planSummary(summary(doc.get("summary")), dryRun))
        .append(" — ")
        .append(targets)
        .append(targets == 1 ? " target" : " targets")
        .append(notOk > 0 ? ", " + notOk + " not ok" : "")
        .append(", ")
        .append(number(doc.get("duration_ms")))
        .append(" ms\n");
    return sb.toString();
  }

  /** Workflow commands: one notice with the totals, an error per problem, a warning per warning. */
  public static String github(Map<String, Object> doc) {
    boolean dryRun = Boolean.TRUE.equals(doc.get("dry_run"));
    StringBuilder sb = new StringBuilder();
    for (Object w : list(doc.get("warnings"))) {
      sb.append("::warning title=SecretSync::")
          .append(GithubFormat.data(String.valueOf(w)))
          .append('\n');
    }
    for (Object p : list(doc.get("problems"))) {
      sb.append("::error title=SecretSync::")
          .append(GithubFormat.data(String.valueOf(p)))
          .append('\n');
    }
    sb.append("::notice title=SecretSync::")
        .append(GithubFormat.data(Texts.planSummary(summary(doc.get("summary")), dryRun)))
        .append('\n');
    return sb.toString();
  }

  /** A Markdown table for {@code $GITHUB_STEP_SUMMARY}: one row per target, then the shards. */
  public static String stepSummary(Map<String, Object> doc) {
    StringBuilder sb = new StringBuilder("### SecretSync combined ");
    sb.append(Boolean.TRUE.equals(doc.get("dry_run")) ? "plan" : "sync").append("\n\n");
    sb.append(Texts.countsTableHead(false));
    for (Object o : list(doc.get("targets"))) {
      Map<String, Object> t = map(o);
      sb.append(
          Texts.countsRow(
              String.valueOf(t.get("name")),
              String.valueOf(t.get("status")),
              summary(t.get("summary")),
              false));
    }
    sb.append('\n');
    for (Object p : list(doc.get("problems"))) {
      sb.append("- :x: ").append(Texts.md(String.valueOf(p))).append('\n');
    }
    return sb.append('\n').toString();
  }

  private static String notDone(Map<String, Object> change) {
    Object outcome = change.get("outcome");
    return "failed".equals(outcome) || "not_attempted".equals(outcome)
        ? " — " + String.valueOf(outcome).replace('_', ' ')
        : "";
  }

  private static Summary summary(Object o) {
    Map<String, Object> s = map(o);
    if (s == null) {
      return Summary.ZERO;
    }
    return new Summary(
        number(s.get("added")),
        number(s.get("updated")),
        number(s.get("deleted")),
        number(s.get("orphaned")),
        number(s.get("unchanged")),
        number(s.get("failed")),
        number(s.get("not_attempted")));
  }
}
