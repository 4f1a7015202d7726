package dev.secretsync.core;

import java.util.Collection;

/**
 * Counts of a plan or run by category.
 *
 * @param added creates and restores
 * @param updated value updates, reverts and tag-only changes
 * @param deleted deletions
 * @param orphaned owned secrets no longer desired and kept (deletion policy {@code retain})
 * @param unchanged secrets already as desired
 * @param failed per-secret errors
 * @param notAttempted planned writes never attempted (the target failed or the run stopped first)
 */
public record Summary(
    int added,
    int updated,
    int deleted,
    int orphaned,
    int unchanged,
    int failed,
    int notAttempted) {

  /** All zero. */
  public static final Summary ZERO = new Summary(0, 0, 0, 0, 0, 0, 0);

  /** Counts without any not-attempted writes (a plan, or a run that attempted everything). */
  public Summary(int added, int updated, int deleted, int orphaned, int unchanged, int failed) {
    this(added, updated, deleted, orphaned, unchanged, failed, 0);
  }

  /** Counts the given changes. */
  public static Summary of(Collection<Change> changes, int failed) {
    int[] c = new int[5];
    for (Change change : changes) {
      c[change.kind().category().ordinal()]++;
    }
    return new Summary(c[0], c[1], c[2], c[3], c[4], failed);
  }

  /** Element-wise sum. */
  public Summary plus(Summary o) {
    return new Summary(
        added + o.added,
        updated + o.updated,
        deleted + o.deleted,
        orphaned + o.orphaned,
        unchanged + o.unchanged,
        failed + o.failed,
        notAttempted + o.notAttempted);
  }

  /** Number of changes that write (added + updated + deleted). */
  public int changes() {
    return added + updated + deleted;
  }

  /**
   * E.g. {@code 2 added, 1 updated, 0 deleted, 0 orphaned, 5 unchanged, 0 failed}, plus {@code , 3
   * not attempted} when writes were left undone.
   */
  @Override
  public String toString() {
    return added
        + " added, "
        + updated
        + " updated, "
        + deleted
        + " deleted, "
        + orphaned
        + " orphaned, "
        + unchanged
        + " unchanged, "
        + failed
        + " failed"
        + (notAttempted > 0 ? ", " + notAttempted + " not attempted" : "");
  }
}
