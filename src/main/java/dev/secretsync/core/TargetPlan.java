package dev.secretsync.core;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The plan for one target: every desired or owned secret with what will happen to it, plus the
 * per-secret problems found while planning. Computed without writing anything.
 *
 * @param target the target's name
 * @param changes the changes, sorted by target-side name
 * @param errors per-secret problems; those secrets are left alone
 */
public record TargetPlan(String target, List<Change> changes, List<KeyError> errors) {

  /** Sorts and copies. */
  public TargetPlan {
    Objects.requireNonNull(target, "target");
    changes =
        changes.stream()
            .sorted(Comparator.comparing(Change::name).thenComparing(c -> c.key().path()))
            .toList();
    errors = List.copyOf(errors);
  }

  /** The changes that write something (everything but unchanged and orphan). */
  public List<Change> writes() {
    return changes.stream().filter(c -> c.kind().writes()).toList();
  }

  /** Counts by summary category, with {@code failed} = the number of per-secret errors. */
  public Summary summary() {
    return Summary.of(changes, errors.size());
  }

  /** Whether applying would change anything (writes, deletions) or report orphans/errors. */
  public boolean hasChanges() {
    return changes.stream().anyMatch(c -> c.kind() != ChangeKind.UNCHANGED);
  }
}
