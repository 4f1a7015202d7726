package dev.secretsync.core;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What happened to one target in a run. On a real run the counts come from what the target
 * confirmed ({@link #applied}, {@link #errors}), never from the plan: a target that failed half-way
 * reports the writes it made, and a refused or failed target reports none it did not make.
 *
 * @param target the target's name
 * @param type the target type ({@code file}, {@code aws_secretsmanager}, …)
 * @param status the outcome
 * @param plan the plan, or {@code null} when the target failed or was skipped before planning
 * @param applied the changes the target confirmed (empty on a dry run)
 * @param errors per-secret problems found while planning or applying
 * @param message why the target failed or was skipped, else empty; never contains values
 * @param bundleSize number of secrets in the merged bundle (-1 when unknown)
 * @param duration time spent on this target
 * @param dryRun whether the plan is what would happen (counted as planned) rather than applied
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
    Duration duration,
    boolean dryRun) {

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

  /** The counts: planned changes on a dry run, confirmed ones otherwise. */
  public Summary summary() {
    return outcomes().summary();
  }

  /** What became of each change (build once per rendering: it indexes the applied changes). */
  public Outcomes outcomes() {
    return new Outcomes(new HashSet<>(applied), failedNames());
  }

  private Set<String> failedNames() {
    Set<String> names = new HashSet<>();
    errors.forEach(e -> names.add(e.name()));
    return names;
  }

  /** The outcome of each change of this result's plan. */
  public final class Outcomes {
    private final Set<Change> applied;
    private final Set<String> failed;

    private Outcomes(Set<Change> applied, Set<String> failed) {
      this.applied = applied;
      this.failed = failed;
    }

    /**
     * What became of {@code c}: planned on a dry run that went ahead; else applied when the target
     * confirmed it, failed when an error names it, not attempted otherwise (a refused or failed
     * target, an interrupted run). {@link ChangeOutcome#NONE} for changes that write nothing.
     */
    public ChangeOutcome of(Change c) {
      if (!c.kind().writes()) {
        return ChangeOutcome.NONE;
      }
      if (applied.contains(c)) {
        return ChangeOutcome.APPLIED;
      }
      if (failed.contains(c.name())) {
        return ChangeOutcome.FAILED;
      }
      // A dry run counts what would happen — unless the target refused or failed, in which case
      // nothing would.
      return dryRun && status != Status.FAILED
          ? ChangeOutcome.PLANNED
          : ChangeOutcome.NOT_ATTEMPTED;
    }

    /**
     * Counts by category of the changes that were planned or applied, plus failed/not attempted.
     */
    public Summary summary() {
      if (plan == null) {
        return new Summary(0, 0, 0, 0, 0, errors.size(), 0);
      }
      int[] c = new int[ChangeKind.Category.values().length];
      int notAttempted = 0;
      for (Change change : plan.changes()) {
        ChangeOutcome o = of(change);
        if (o == ChangeOutcome.NOT_ATTEMPTED) {
          notAttempted++;
        } else if (o != ChangeOutcome.FAILED) {
          c[change.kind().category().ordinal()]++;
        }
      }
      return new Summary(c[0], c[1], c[2], c[3], c[4], errors.size(), notAttempted);
    }
  }
}
