package dev.secretsync.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The merge rule for layered secrets. For {@code merge(earlier, later)}:
 *
 * <ul>
 *   <li>maps merge recursively, key by key;
 *   <li>lists append: the earlier elements first, then the later ones, duplicates kept;
 *   <li>scalars and type conflicts: the later value wins;
 *   <li>a {@code null} in the later value keeps the earlier value.
 * </ul>
 *
 * <p>Pure: inputs are never modified and the result shares no mutable structure with them.
 */
public final class DeepMerge {
  private DeepMerge() {}

  /** Merges two JSON values. */
  public static Object merge(Object earlier, Object later) {
    if (later == null) {
      return JsonValues.immutable(earlier);
    }
    if (earlier instanceof Map<?, ?> a && later instanceof Map<?, ?> b) {
      return mergeObjects(cast(a), cast(b));
    }
    if (earlier instanceof List<?> a && later instanceof List<?> b) {
      List<Object> out = new ArrayList<>(a.size() + b.size());
      a.forEach(v -> out.add(JsonValues.immutable(v)));
      b.forEach(v -> out.add(JsonValues.immutable(v)));
      return java.util.Collections.unmodifiableList(out);
    }
    return JsonValues.immutable(later);
  }

  /** Merges two JSON objects key by key. */
  public static Map<String, Object> mergeObjects(Map<String, ?> earlier, Map<String, ?> later) {
    Map<String, Object> out = new LinkedHashMap<>();
    earlier.forEach((k, v) -> out.put(k, JsonValues.immutable(v)));
    later.forEach(
        (k, v) -> {
          if (out.containsKey(k)) {
            out.put(k, merge(out.get(k), v));
          } else {
            out.put(k, JsonValues.immutable(v));
          }
        });
    return java.util.Collections.unmodifiableMap(out);
  }

  /** Merges two secrets. */
  public static Secret merge(Secret earlier, Secret later) {
    return Secret.of(mergeObjects(earlier.data(), later.data()));
  }

  /**
   * Merges bundles in order: a key present in several is deep-merged, earliest first; the others
   * are taken as they are.
   */
  public static Bundle merge(List<Bundle> layers) {
    Map<SecretKey, Secret> out = new TreeMap<>();
    for (Bundle layer : layers) {
      layer.secrets().forEach((key, secret) -> out.merge(key, secret, (a, b) -> merge(a, b)));
    }
    return Bundle.of(out);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
