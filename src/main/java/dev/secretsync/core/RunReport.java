package dev.secretsync.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of a {@code pipeline} run: one {@link TargetResult} per target, in topological order,
 * plus run-wide facts. Holds fingerprints and names only, never values — except the field-level
 * diffs inside changes, which renderers mask unless asked not to.
 *
 * @param runId short random id of this run (also in logs)
 * @param started when the run started
 * @param duration how long it took
 * @param dryRun whether nothing was written
 * @param mode which phases ran
 * @param targets per-target results
 * @param problems run-wide problems (e.g. a source that failed), one line each
 * @param warnings non-fatal notes (skipped paths, plaintext store), one line each
 */
public record RunReport(
    String runId,
    Instant started,
    Duration duration,
    boolean dryRun,
    Mode mode,
    List<TargetResult> targets,
    List<String> problems,
    List<String> warnings) {

  /** Which phases ran. */
  public enum Mode {
    /** Merge, then sync. */
    FULL,
    /** Merge into the merge store only. */
    MERGE_ONLY,
    /** Sync from the merge store only. */
    SYNC_ONLY,
    /** Sync one target to a version from its history ({@code secretsync rollback}). */
    ROLLBACK;

    /** Whether targets sync from bundles already stored (nothing is merged from the sources). */
    public boolean syncsFromStore() {
      return this == SYNC_ONLY || this == ROLLBACK;
    }
  }

  /** Copies lists. */
  public RunReport {
    targets = List.copyOf(targets);
    problems = problems == null ? List.of() : List.copyOf(problems);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** Totals over all targets. */
  public Summary summary() {
    return targets.stream().map(TargetResult::summary).reduce(Summary.ZERO, Summary::plus);
  }

  /** Whether any target failed, was skipped, or any run-wide problem occurred. */
  public boolean failed() {
    return !problems.isEmpty() || targets.stream().anyMatch(TargetResult::failed);
  }

  /** Whether any target has changes that write (the drift gate of {@code --exit-code}). */
  public boolean hasChanges() {
    return summary().changes() > 0;
  }
}
