package dev.secretsync.cli;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.core.RunReport;
import dev.secretsync.engine.Shard;
import dev.secretsync.report.ReportFormat;
import java.util.Map;

/**
 * What {@code pipeline} leaves behind besides its writes: the printed report (and the GitHub
 * files), {@code --report-file}, and the end-of-run notifications.
 */
final class PipelineOutput {
  private final PipelineCommand cmd;

  PipelineOutput(PipelineCommand cmd) {
    this.cmd = cmd;
  }

  /** End-of-run messages ({@code notifications:}); a failed one is a warning, never the result. */
  void notify(SecretSyncConfig config, RunReport report) {
    if (!config.notifications().isEmpty()) {
      new Notifications()
          .send(
              config.notifications(),
              report,
              cmd.ctx.env(),
              w -> cmd.ctx.err().println("warning: " + w));
    }
  }

  /** Writes {@code --report-file} when asked; false (after saying why) when it cannot. */
  boolean writeReportFile(Map<String, Object> doc) {
    if (cmd.reportFile == null) {
      return true;
    }
    try {
      ReportFile.write(cmd.ctx.resolve(cmd.reportFile.toString()), doc);
      return true;
    } catch (IllegalStateException e) {
      cmd.ctx.err().println("error: " + e.getMessage());
      return false;
    }
  }

  void writeFailureReport(String message, Shard shard, RunReport.Mode mode) {
    writeReportFile(ReportFile.failure(message, shard, cmd.dryRun, mode.name()));
  }

  /** Prints the report (and the GitHub files) and returns the exit code. */
  int print(ReportFormat format, RunReport report) {
    boolean useColor = ReportColors.use(cmd.color, cmd.ctx);
    cmd.ctx
        .out()
        .print(
            format.render(
                report,
                new ReportFormat.RenderOptions(
                    cmd.diff, cmd.showValues && "human".equals(cmd.output), useColor)));
    cmd.ctx.out().flush();
    if ("github".equals(cmd.output)) {
      GithubFiles.write(report, cmd.ctx);
    }
    if (report.failed()) {
      return ExitCodes.failure(cmd.exitCode);
    }
    return cmd.exitCode && report.hasChanges() ? ExitCodes.DRIFT : ExitCodes.OK;
  }
}
