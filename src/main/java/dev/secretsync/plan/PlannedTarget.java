package dev.secretsync.plan;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One target of a saved plan.
 *
 * @param name the target's name
 * @param type its type ({@code aws_secretsmanager}, {@code file}, {@code github})
 * @param bundle the plan key's fingerprint of the merged bundle
 * @param keys the plan key's fingerprint of each secret of the merged bundle, by key (to say how
 *     many keys a changed source touched)
 * @param sources the plan key's fingerprint of each source the target imports directly
 * @param changes every change, unchanged secrets included, sorted by target-side name
 */
public record PlannedTarget(
    String name,
    String type,
    String bundle,
    SortedMap<String, String> keys,
    SortedMap<String, String> sources,
    List<PlannedChange> changes) {

  /** Copies and sorts. */
  public PlannedTarget {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(bundle, "bundle");
    type = type == null ? "" : type;
    keys = sorted(keys);
    sources = sorted(sources);
    changes = List.copyOf(changes);
  }

  /** Number of changes that write (everything but unchanged and orphan). */
  public long writes() {
    return changes.stream()
        .filter(c -> !c.kind().equals("unchanged") && !c.kind().equals("orphan"))
        .count();
  }

  private static SortedMap<String, String> sorted(Map<String, String> m) {
    return m == null
        ? Collections.emptySortedMap()
        : Collections.unmodifiableSortedMap(new TreeMap<>(m));
  }
}
