package dev.secretsync.cli;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.core.RunReport;
import dev.secretsync.core.TargetResult;
import dev.secretsync.plan.PlanException;
import dev.secretsync.plan.PlanFile;
import dev.secretsync.plan.PlanRecorder;
import dev.secretsync.plan.SavedPlan;
import dev.secretsync.spi.ProviderRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** {@code pipeline --dry-run --plan-file}: saves what the dry run planned, for {@code apply}. */
final class PlanSaving {
  private PlanSaving() {}

  /**
   * Writes the plan the run recorded to {@code file}.
   *
   * @param fileArg the file as the user named it (for messages)
   * @param configArg the config as the user named it (recorded in the plan)
   * @return why no plan was written, or empty when it was
   */
  static Optional<String> save(
      Path file,
      String fileArg,
      RunReport report,
      PlanRecorder recorder,
      SecretSyncConfig config,
      String configArg,
      ProviderRegistry registry,
      CliContext ctx) {
    if (report.failed()) {
      // A plan that cannot be carried out cleanly is not worth reviewing, nor applying later.
      return Optional.of(
          "no plan file written: the plan has failures (above); fix them and plan again");
    }
    try {
      String configText = PlanKeys.configText(config);
      SavedPlan plan =
          PlanKeys.withKey(
              config,
              registry,
              ctx,
              report.runId(),
              key ->
                  recorder.build(
                      report.targets().stream().map(TargetResult::target).toList(),
                      key,
                      Instant.now().truncatedTo(ChronoUnit.MILLIS),
                      report.runId(),
                      Version.number(),
                      configArg,
                      configText));
      PlanFile.write(file, plan);
      ctx.err()
          .println(
              "Plan saved to "
                  + fileArg
                  + " ("
                  + plan.writes()
                  + (plan.writes() == 1 ? " change" : " changes")
                  + " in "
                  + plan.targets().size()
                  + (plan.targets().size() == 1 ? " target" : " targets")
                  + "); apply exactly this plan with: secretsync apply "
                  + fileArg);
      return Optional.empty();
    } catch (PlanException | UncheckedIOException e) {
      return Optional.of("no plan file written: " + e.getMessage());
    } catch (RuntimeException e) {
      return Optional.of("no plan file written: the merge store's key: " + e.getMessage());
    }
  }
}
