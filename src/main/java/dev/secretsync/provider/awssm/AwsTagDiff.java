package dev.secretsync.provider.awssm;

import dev.secretsync.config.AwsTagRules;
import dev.secretsync.config.TargetConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a secret's tags differ from what secretsync wants (pure). Only keys secretsync set — those
 * recorded in the {@code secretsync:tag-keys} marker — are ever removed, so a tag someone else
 * added stays; stale marker chunks (the marker shrank) go too.
 *
 * @param set tags to add or change (every desired tag whose value differs)
 * @param remove user tag keys we set earlier that {@code tags:} no longer has
 * @param staleMarkers marker chunk keys no longer needed
 */
record AwsTagDiff(Map<String, String> set, List<String> remove, List<String> staleMarkers) {

  static AwsTagDiff of(TargetConfig config, Map<String, String> current) {
    return of(AwsNames.desiredTags(config), current);
  }

  /** As {@link #of(TargetConfig, Map)} with the target's desired tags already worked out. */
  static AwsTagDiff of(Map<String, String> desired, Map<String, String> current) {
    Map<String, String> set = new LinkedHashMap<>();
    desired.forEach(
        (k, v) -> {
          if (!v.equals(current.get(k))) {
            set.put(k, v);
          }
        });
    List<String> remove = new ArrayList<>();
    for (String key : AwsTagRules.read(AwsTagRules.TAG_KEYS, current)) {
      if (!desired.containsKey(key) && current.containsKey(key)) {
        remove.add(key);
      }
    }
    List<String> stale = new ArrayList<>();
    for (String key : current.keySet()) {
      boolean marker =
          AwsTagRules.isChunk(AwsTagRules.TAG_KEYS, key)
              || AwsTagRules.isChunk(AwsTagRules.REPLICA_REGIONS, key);
      if (marker && !desired.containsKey(key)) {
        stale.add(key);
      }
    }
    return new AwsTagDiff(Map.copyOf(set), List.copyOf(remove), List.copyOf(stale));
  }

  boolean isEmpty() {
    return set.isEmpty() && remove.isEmpty() && staleMarkers.isEmpty();
  }

  /** Plan text: which user tag keys change (marker and ownership tags are not listed). */
  String describe() {
    List<String> parts = new ArrayList<>();
    List<String> changed =
        set.keySet().stream().filter(k -> !k.startsWith("secretsync:")).sorted().toList();
    if (!changed.isEmpty()) {
      parts.add("set " + String.join(", ", changed));
    }
    if (!remove.isEmpty()) {
      parts.add("remove " + String.join(", ", remove.stream().sorted().toList()));
    }
    return parts.isEmpty() ? "tags differ" : "tags differ: " + String.join("; ", parts);
  }
}
