package dev.secretsync.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What happened to one target in a run.
 *
 * @param target the target's name
 * @param type the target type ({@code file}, {@code aws_secretsmanager}, …)
 * @param status the outcome
 * @param plan the plan, or {@code null} when the target failed or was skipped before planning
 * @param applied the changes that were applied (empty on a dry run)
 * @param errors per-secret problems found while planning or applying
 * @param message why the target failed or was skipped, else empty; never contains values
 * @param bundleSize number of secrets in the merged bundle (-1 when unknown)
 * @param duration time spent on this target
 */
public record TargetResult(
    String target,
    String type,
    Status status,
    TargetPlan plan,
    List<Change> applied,
    List<KeyError> errors,
    String message,
    int bundleSize,
    Duration duration) {

  /** The outcome of a target. */
  public enum Status {
    /** Planned (dry run) or applied without any error. */
    OK,
    /** Applied, but some secrets failed; the others were applied. */
    PARTIAL,
    /** The whole target failed. */
    FAILED,
    /** Not run, because a target it depends on failed or the run stopped. */
    SKIPPED,
    /** Merged only (dependency of a selected target, or {@code --merge-only}). */
    MERGED
  }

  /** Copies lists and fills defaults. */
  public TargetResult {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(status, "status");
    type = type == null ? "" : type;
    applied = applied == null ? List.of() : List.copyOf(applied);
    errors = errors == null ? List.of() : List.copyOf(errors);
    message = message == null ? "" : message;
    duration = duration == null ? Duration.ZERO : duration;
  }

  /** Whether this target counts as a failure for the exit code. */
  public boolean failed() {
    return status == Status.FAILED || status == Status.PARTIAL || status == Status.SKIPPED;
  }

  /** The plan's summary, with {@code failed} counting all per-secret errors. */
  public Summary summary() {
    if (plan == null) {
      return new Summary(0, 0, 0, 0, 0, errors.size());
    }
    Summary s = Summary.of(plan.changes(), 0);
    return new Summary(
        s.added(), s.updated(), s.deleted(), s.orphaned(), s.unchanged(), errors.size());
  }
}
