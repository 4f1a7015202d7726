package dev.secretsync.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One saved version of a target's merged bundle, as the merge store's history records it: who saved
 * it, when, in which run, and the keyed fingerprints of the bundle and of each key — never a value.
 * The bundle itself is kept beside the entry by the store (for rollback) and read only on demand.
 *
 * @param version the version number, 1 for the first save, one more for each save after it; stable
 *     when older entries are pruned
 * @param time when it was saved (UTC)
 * @param actor who saved it ({@code SECRETSYNC_ACTOR}, {@code GITHUB_ACTOR} or the OS user)
 * @param runId the run that saved it
 * @param bundle the keyed fingerprint of the whole bundle
 * @param keys each key's keyed fingerprint
 * @param rollbackOf the version this save rolled back to, or 0 for an ordinary save
 * @param keyId the {@link FingerprintKey#id()} the fingerprints were made with
 */
public record HistoryEntry(
    int version,
    Instant time,
    String actor,
    String runId,
    Fingerprint bundle,
    SortedMap<String, Fingerprint> keys,
    int rollbackOf,
    String keyId) {

  /** Validates and copies the key map. */
  public HistoryEntry {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(bundle, "bundle");
    actor = actor == null || actor.isBlank() ? "unknown" : actor;
    runId = runId == null ? "" : runId;
    keyId = keyId == null ? "" : keyId;
    keys = Collections.unmodifiableSortedMap(new TreeMap<>(keys));
  }

  /**
   * The keys added, changed and removed since {@code previous} (everything is added for the first
   * version).
   *
   * @param previous the version before this one, or null
   */
  public KeyChanges changesSince(HistoryEntry previous) {
    Map<String, Fingerprint> before = previous == null ? Map.of() : previous.keys();
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    keys.forEach(
        (k, fp) -> {
          Fingerprint old = before.get(k);
          if (old == null) {
            added.add(k);
          } else if (!old.equals(fp)) {
            changed.add(k);
          }
        });
    before.keySet().stream().filter(k -> !keys.containsKey(k)).forEach(removed::add);
    return new KeyChanges(added, changed, removed);
  }

  /**
   * Keys that differ between two versions.
   *
   * @param added keys new in the later version
   * @param changed keys whose value differs
   * @param removed keys gone from the later version
   */
  public record KeyChanges(List<String> added, List<String> changed, List<String> removed) {
    /** Copies the lists. */
    public KeyChanges {
      added = List.copyOf(added);
      changed = List.copyOf(changed);
      removed = List.copyOf(removed);
    }

    /** Whether {@code key} is among the keys that differ. */
    public boolean touches(String key) {
      return added.contains(key) || changed.contains(key) || removed.contains(key);
    }
  }
}
