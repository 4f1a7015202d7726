package dev.secretsync.report;

import dev.secretsync.core.Change;
import dev.secretsync.core.ChangeKind;
import dev.secretsync.core.ChangeOutcome;
import dev.secretsync.core.KeyError;
import dev.secretsync.core.RunReport;
import dev.secretsync.core.Summary;
import dev.secretsync.core.TargetResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GitHub Actions output: workflow commands on stdout ({@code ::group::} per target, {@code
 * ::notice::} for the summary, {@code ::warning::}/{@code ::error::} for problems), plus {@link
 * #outputs} for {@code $GITHUB_OUTPUT} and {@link #stepSummary} for {@code $GITHUB_STEP_SUMMARY}.
 * Never uses the deprecated {@code set-output} command.
 */
public final class GithubFormat implements ReportFormat {

  @Override
  public String render(RunReport report, RenderOptions options) {
    StringBuilder sb = new StringBuilder();
    for (TargetResult r : report.targets()) {
      sb.append("::group::")
          .append(
              data("Target " + r.target() + " (" + r.type() + "): " + headline(r, report.dryRun())))
          .append('\n');
      if (r.plan() != null) {
        TargetResult.Outcomes outcomes = r.outcomes();
        for (Change c : r.plan().changes()) {
          if (c.kind() != ChangeKind.UNCHANGED) {
            sb.append(c.kind().symbol())
                .append(' ')
                .append(data(c.name()))
                .append(" (")
                .append(c.kind().label())
                .append(c.reason().isEmpty() ? "" : ": " + data(c.reason()))
                .append(')')
                .append(mark(outcomes.of(c)))
                .append('\n');
          }
        }
      }
      sb.append("::endgroup::\n");
      if (r.status() == TargetResult.Status.FAILED || r.status() == TargetResult.Status.SKIPPED) {
        sb.append("::error title=")
            .append(property("SecretSync " + r.target()))
            .append("::")
            .append(data(r.message()))
            .append('\n');
      }
      for (KeyError e : r.errors()) {
        sb.append("::warning title=")
            .append(property("SecretSync " + r.target()))
            .append("::")
            .append(data(e.name() + ": " + e.message()))
            .append('\n');
      }
    }
    for (String w : report.warnings()) {
      sb.append("::warning title=SecretSync::").append(data(w)).append('\n');
    }
    for (String p : report.problems()) {
      sb.append("::error title=SecretSync::").append(data(p)).append('\n');
    }
    sb.append("::notice title=")
        .append(property(report.dryRun() ? "SecretSync plan" : "SecretSync"))
        .append("::")
        .append(data(Texts.planSummary(report.summary(), report.dryRun())))
        .append('\n');
    return sb.toString();
  }

  /**
   * Step outputs: changes, added, updated, deleted, orphaned, unchanged, failed, not-attempted,
   * zero-sum — what the targets confirmed.
   */
  public static Map<String, String> outputs(RunReport report) {
    Summary s = report.summary();
    Map<String, String> out = new LinkedHashMap<>();
    out.put("changes", Integer.toString(s.changes()));
    out.put("added", Integer.toString(s.added()));
    out.put("updated", Integer.toString(s.updated()));
    out.put("deleted", Integer.toString(s.deleted()));
    out.put("orphaned", Integer.toString(s.orphaned()));
    out.put("unchanged", Integer.toString(s.unchanged()));
    out.put("failed", Integer.toString(s.failed()));
    out.put("not-attempted", Integer.toString(s.notAttempted()));
    out.put("zero-sum", Boolean.toString(s.changes() == 0));
    return out;
  }

  /** A Markdown table of the plan for the job summary page. */
  public static String stepSummary(RunReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append("### SecretSync ")
        .append(report.dryRun() ? "plan" : "sync")
        .append(Texts.mode(report))
        .append(" (run `")
        .append(report.runId())
        .append("`)\n\n");
    sb.append(Texts.countsTableHead(true));
    for (TargetResult r : report.targets()) {
      String status = Texts.status(r) + (r.message().isEmpty() ? "" : ": " + r.message());
      sb.append(Texts.countsRow(r.target(), status, r.summary(), true));
    }
    sb.append('\n');
    for (TargetResult r : report.targets()) {
      if (r.plan() == null || !r.plan().hasChanges()) {
        continue;
      }
      sb.append("<details><summary>").append(Texts.md(r.target())).append(" changes</summary>\n\n");
      TargetResult.Outcomes outcomes = r.outcomes();
      for (Change c : r.plan().changes()) {
        if (c.kind() != ChangeKind.UNCHANGED) {
          sb.append("- `")
              .append(c.kind().symbol())
              .append("` ")
              .append(Texts.md(c.name()))
              .append(" — ")
              .append(c.kind().label())
              .append(mark(outcomes.of(c)))
              .append('\n');
        }
      }
      sb.append("\n</details>\n\n");
    }
    return sb.toString();
  }

  /** Marks a change that did not happen; applied and planned changes are unmarked. */
  private static String mark(ChangeOutcome o) {
    return o == ChangeOutcome.FAILED || o == ChangeOutcome.NOT_ATTEMPTED
        ? " — " + Texts.outcome(o)
        : "";
  }

  private static String headline(TargetResult r, boolean dryRun) {
    return switch (r.status()) {
      // A target that failed part-way still says what reached it (or, refused, that nothing did).
      case FAILED ->
          r.plan() == null
              ? Texts.status(r)
              : Texts.status(r) + ": " + Texts.planSummary(r.summary(), dryRun);
      case SKIPPED -> Texts.status(r);
      default -> Texts.planSummary(r.summary(), dryRun);
    };
  }

  /** Escapes a workflow command's message. */
  static String data(String s) {
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  /** Escapes a workflow command's property value. */
  static String property(String s) {
    return data(s).replace(":", "%3A").replace(",", "%2C");
  }
}
