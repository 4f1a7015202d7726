package dev.secretsync.cli;

import dev.secretsync.core.Printable;
import dev.secretsync.core.TargetGraph;
import java.util.Set;

/** The flag combinations and values {@code pipeline} refuses as usage errors (exit 2). */
final class PipelineUsage {
  private PipelineUsage() {}

  /**
   * A flag (or its {@code SECRETSYNC_*} variable) with a value no run can use, as one line naming
   * the flag, the variable and what to do; {@code null} when all are usable.
   */
  static String problem(PipelineCommand c) {
    if (c.parallelism != null && (c.parallelism < 1 || c.parallelism > 256)) {
      return "--parallelism (or SECRETSYNC_PARALLELISM): "
          + c.parallelism
          + " is out of range; use 1 to 256, or leave it out to use pipeline.parallelism";
    }
    String colorProblem = ReportColors.problem(c.color);
    if (colorProblem != null) {
      return colorProblem;
    }
    String logFormat = c.observability.logFormat;
    if (logFormat != null && !logFormat.equals("text") && !logFormat.equals("json")) {
      return "--log-format (or SECRETSYNC_LOG_FORMAT): \""
          + Printable.of(logFormat)
          + "\" is not a log format; use text or json";
    }
    if (c.planFile != null && (!c.dryRun || c.phase.mergeOnly || c.phase.syncOnly)) {
      return "--plan-file saves the plan of a full dry run: add --dry-run and leave out"
          + " --merge-only/--sync-only, then apply it with `secretsync apply "
          + c.planFile
          + "`";
    }
    if (!c.targets.isEmpty() && c.targets.stream().allMatch(t -> t.isBlank())) {
      return "--targets: no target name given; name targets (e.g. --targets Staging,Production),"
          + " or leave the option out to sync every target";
    }
    return null;
  }

  /**
   * Why {@code --show-values} is refused here — the environment marks a CI run and the user did not
   * say the log is private — or {@code null}. A build log is read by many and kept for months:
   * plaintext there is a leak.
   */
  static String showValuesInCi(PipelineCommand c) {
    if (!c.showValues || c.allowShowValuesInCi) {
      return null;
    }
    return CiEnvironment.detect(c.ctx.env())
        .map(
            marker ->
                "--show-values prints secret values in plain text, and this looks like a CI run ("
                    + marker
                    + "); pass --i-know-this-is-ci (or set SECRETSYNC_ALLOW_SHOW_VALUES_IN_CI=true)"
                    + " if the log is private")
        .orElse(null);
  }

  /** The first of {@code selected} that is not a target of {@code graph}, as a message; or null. */
  static String unknownTarget(Set<String> selected, TargetGraph graph) {
    for (String t : selected) {
      if (!graph.isTarget(t)) {
        return "--targets: unknown target \""
            + Printable.of(t)
            + "\" (targets: "
            + String.join(", ", graph.order())
            + ")";
      }
    }
    return null;
  }
}
