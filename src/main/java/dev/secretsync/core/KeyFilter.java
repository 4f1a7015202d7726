package dev.secretsync.core;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which bundle keys a target syncs: keys found by at least one {@code include} regex (all keys when
 * there is none), AND matched by no {@code exclude} glob, AND — when {@code metadata} is set —
 * whose custom metadata holds every one of its pairs. The key part is pure; the metadata part is
 * decided by the caller, which reads metadata only when {@link #needsMetadata()} (a remote call per
 * key).
 *
 * @param include Java regexes searched in the key ({@link java.util.regex.Matcher#find()}, so
 *     {@code ^} and {@code $} anchor)
 * @param exclude globs on the whole key
 * @param metadata required custom metadata pairs, exact and case-sensitive
 */
public record KeyFilter(
    List<Pattern> include, List<KeyGlob> exclude, Map<String, String> metadata) {
  /** Selects every key. */
  public static final KeyFilter ALL = new KeyFilter(List.of(), List.of(), Map.of());

  /** Copies the lists. */
  public KeyFilter {
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
    metadata = Map.copyOf(metadata);
  }

  /**
   * Compiles a filter from its config text.
   *
   * @throws IllegalArgumentException for an invalid regex or glob (validated configs have none)
   */
  public static KeyFilter of(
      List<String> includeRegexes, List<String> excludeGlobs, Map<String, String> metadata) {
    return new KeyFilter(
        includeRegexes.stream().map(Pattern::compile).toList(),
        excludeGlobs.stream().map(KeyGlob::compile).toList(),
        metadata);
  }

  /** Whether this filter selects every key (no include, exclude or metadata condition). */
  public boolean selectsAll() {
    return include.isEmpty() && exclude.isEmpty() && metadata.isEmpty();
  }

  /** Whether the metadata condition is set, so metadata must be read for candidate keys. */
  public boolean needsMetadata() {
    return !metadata.isEmpty();
  }

  /** The include and exclude conditions: whether {@code key} is a candidate. */
  public boolean selectsKey(SecretKey key) {
    if (!include.isEmpty() && include.stream().noneMatch(p -> p.matcher(key.path()).find())) {
      return false;
    }
    return exclude.stream().noneMatch(g -> g.matches(key));
  }

  /** The metadata condition: {@code custom} holds every required pair (true when none is set). */
  public boolean metadataMatches(Map<String, String> custom) {
    return metadata.entrySet().stream().allMatch(e -> e.getValue().equals(custom.get(e.getKey())));
  }
}
