package dev.secretsync.config;

import java.util.List;
import java.util.Map;

/**
 * A target's conditional-sync filters ({@code include}, {@code exclude_keys}, {@code
 * match_metadata} on {@code targets.<name>}, and on generated targets alike). They choose which
 * keys of the target's merged bundle it syncs; they combine with AND. Bound by {@code
 * TargetFiltersBinder}, checked by {@code TargetFiltersValidator}.
 *
 * @param include {@code include.paths}: Java regexes searched in each key; none = every key
 * @param excludeKeys globs on whole keys ({@code *} within a segment, {@code **} across segments);
 *     not to be confused with {@code github.exclude}, which protects GitHub secret names
 * @param matchMetadata Vault KV v2 {@code custom_metadata} pairs a key's secret must carry
 */
public record TargetFilters(
    Include include, List<String> excludeKeys, Map<String, String> matchMetadata) {
  /** No filter: the target syncs its whole bundle. */
  public static final TargetFilters NONE = new TargetFilters(Include.NONE, List.of(), Map.of());

  /** Copies the collections. */
  public TargetFilters {
    excludeKeys = List.copyOf(excludeKeys);
    matchMetadata = Map.copyOf(matchMetadata);
  }

  /**
   * {@code include}.
   *
   * @param paths Java regexes; a key is included when at least one is found in it
   */
  public record Include(List<String> paths) {
    /** Absent: every key is included. */
    public static final Include NONE = new Include(List.of());

    /** Copies the list. */
    public Include {
      paths = List.copyOf(paths);
    }
  }

  /** Whether no filter is set. */
  public boolean isEmpty() {
    return include.paths().isEmpty() && excludeKeys.isEmpty() && matchMetadata.isEmpty();
  }
}
