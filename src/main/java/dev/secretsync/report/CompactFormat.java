package dev.secretsync.report;

import dev.secretsync.core.RunReport;
import dev.secretsync.core.TargetResult;
import java.util.stream.Collectors;

/** One line: totals, target count, and the names of targets that are not ok. */
final class CompactFormat implements ReportFormat {

  @Override
  public String render(RunReport report, RenderOptions options) {
    String notOk =
        report.targets().stream()
            .filter(TargetResult::failed)
            .map(r -> r.target() + "=" + Texts.status(r))
            .collect(Collectors.joining(","));
    return "secretsync"
        + (report.dryRun() ? " plan" : "")
        + Texts.mode(report)
        + ": "
        + Texts.summary(report.summary())
        + " ("
        + report.targets().size()
        + " targets"
        + (notOk.isEmpty() ? "" : "; not ok: " + notOk)
        + (report.problems().isEmpty() ? "" : "; " + report.problems().size() + " run error(s)")
        + ")\n";
  }
}
