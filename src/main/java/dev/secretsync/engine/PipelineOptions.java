package dev.secretsync.engine;

import dev.secretsync.core.RunReport;
import java.util.Set;

/**
 * How to run the pipeline (from CLI flags).
 *
 * @param dryRun plan only: write nothing anywhere (targets, merge store)
 * @param mode which phases run
 * @param targets targets to sync; empty = all. Their target imports are merged too.
 * @param parallelism overrides {@code pipeline.parallelism} when &gt; 0
 * @param diff field-level differences were asked for: targets may read live values to show them
 */
public record PipelineOptions(
    boolean dryRun, RunReport.Mode mode, Set<String> targets, int parallelism, boolean diff) {

  /** Copies the set. */
  public PipelineOptions {
    targets = Set.copyOf(targets);
  }

  /** A full run of all targets. */
  public static PipelineOptions full(boolean dryRun) {
    return new PipelineOptions(dryRun, RunReport.Mode.FULL, Set.of(), 0, false);
  }

  /** Without field-level differences. */
  public PipelineOptions(
      boolean dryRun, RunReport.Mode mode, Set<String> targets, int parallelism) {
    this(dryRun, mode, targets, parallelism, false);
  }
}
