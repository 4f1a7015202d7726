package dev.secretsync.config;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One rule of {@code policies:}, checked on every target's plan before anything is written. See
 * {@code docs/policies.md}.
 *
 * @param name the rule's name (reported with every violation)
 * @param severity {@code deny} (the target writes nothing) or {@code warn} (reported only)
 * @param kind {@code forbid_delete}, {@code max_changes}, {@code require_tags}, {@code
 *     name_pattern}, {@code forbid_plaintext_patterns}, {@code allowed_accounts} or {@code freeze}
 * @param targets globs of the targets it applies to; empty = every target (for {@code
 *     forbid_plaintext_patterns}: every github target at org scope with visibility all)
 * @param count {@code max_changes}: the most changes a plan may have
 * @param values {@code require_tags}: tag keys; {@code allowed_accounts}: account ids
 * @param patterns {@code name_pattern}: the one regex names must match; {@code
 *     forbid_plaintext_patterns}: regexes no value field may match
 * @param from {@code freeze}: start of the window (inclusive)
 * @param to {@code freeze}: end of the window (exclusive)
 * @param path the config path ({@code policies[2]}), for messages
 */
public record PolicyConfig(
    String name,
    String severity,
    String kind,
    List<String> targets,
    int count,
    List<String> values,
    List<Pattern> patterns,
    Instant from,
    Instant to,
    String path) {

  /** The rule kinds, in the order the docs list them. */
  public static final List<String> KINDS =
      List.of(
          "forbid_delete",
          "max_changes",
          "require_tags",
          "name_pattern",
          "forbid_plaintext_patterns",
          "allowed_accounts",
          "freeze");

  /** Copies lists. */
  public PolicyConfig {
    targets = List.copyOf(targets);
    values = List.copyOf(values);
    patterns = List.copyOf(patterns);
  }

  /** Whether a violation stops the target. */
  public boolean denies() {
    return "deny".equals(severity);
  }

  /** Whether the rule names {@code target} (globs with {@code *}); no list = every target. */
  public boolean appliesTo(String target) {
    if (targets.isEmpty()) {
      return true;
    }
    for (String glob : targets) {
      if (Pattern.matches(globRegex(glob), target)) {
        return true;
      }
    }
    return false;
  }

  static String globRegex(String glob) {
    return String.join(".*", Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).toList());
  }
}
