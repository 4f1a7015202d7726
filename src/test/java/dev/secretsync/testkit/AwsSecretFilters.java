package dev.secretsync.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * ListSecrets / BatchGetSecretValue {@code Filters} and {@code NextToken} handling.
 *
 * <p>Filter semantics follow the API reference ({@code Filter} type): {@code name}, {@code
 * tag-key}, {@code tag-value}, {@code primary-region} and {@code owning-service} are case-sensitive
 * prefix matches; {@code description} is a case-insensitive prefix match; {@code all} breaks the
 * value into words (at punctuation, lower→upper case and letter↔digit changes) and matches, not
 * case-sensitive, any word that prefixes a word of the name, description, tag keys or tag values. A
 * value starting with {@code !} negates. Values of one filter are OR-ed, filters are AND-ed.
 */
final class AwsSecretFilters {
  static final Set<String> KEYS =
      Set.of(
          "description", "name", "tag-key", "tag-value", "primary-region", "owning-service", "all");

  /** One {@code {"Key":..,"Values":[..]}} filter. */
  record Filter(String key, List<String> values) {}

  private AwsSecretFilters() {}

  static void validate(List<Filter> filters) {
    for (Filter f : filters) {
      if (f.key() == null || !KEYS.contains(f.key())) {
        throw AwsError.invalidParameter("Invalid filter key: " + f.key());
      }
      if (f.values().isEmpty() || f.values().size() > 10) {
        throw AwsError.invalidParameter("A filter must have between 1 and 10 values.");
      }
    }
  }

  static boolean matches(AwsSecret s, String region, List<Filter> filters) {
    for (Filter f : filters) {
      boolean any = false;
      for (String raw : f.values()) {
        boolean negate = raw.startsWith("!");
        String value = negate ? raw.substring(1) : raw;
        if (matchesOne(s, region, f.key(), value) != negate) {
          any = true;
          break;
        }
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }

  private static boolean matchesOne(AwsSecret s, String region, String key, String value) {
    switch (key) {
      case "name":
        return s.name.startsWith(value);
      case "description":
        return s.description != null
            && s.description.toLowerCase(Locale.ROOT).startsWith(value.toLowerCase(Locale.ROOT));
      case "tag-key":
        return s.tags.keySet().stream().anyMatch(k -> k.startsWith(value));
      case "tag-value":
        return s.tags.values().stream().anyMatch(v -> v != null && v.startsWith(value));
      case "primary-region":
        return !s.replicas.isEmpty() && region.startsWith(value);
      case "owning-service":
        return false;
      case "all":
        return matchesAll(s, value);
      default:
        return false;
    }
  }

  private static boolean matchesAll(AwsSecret s, String value) {
    List<String> attributeWords = new ArrayList<>(words(s.name));
    if (s.description != null) {
      attributeWords.addAll(words(s.description));
    }
    for (Map.Entry<String, String> t : s.tags.entrySet()) {
      attributeWords.addAll(words(t.getKey()));
      attributeWords.addAll(words(t.getValue()));
    }
    for (String w : words(value)) {
      for (String a : attributeWords) {
        if (a.startsWith(w)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Lower-cased words split at non-alphanumerics, lower→upper and letter↔digit transitions. */
  static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    StringBuilder cur = new StringBuilder();
    char prev = 0;
    for (char c : text.toCharArray()) {
      if (!Character.isLetterOrDigit(c)) {
        flush(cur, out);
      } else {
        if (cur.length() > 0
            && ((Character.isLowerCase(prev) && Character.isUpperCase(c))
                || (Character.isDigit(prev) != Character.isDigit(c)))) {
          flush(cur, out);
        }
        cur.append(c);
      }
      prev = c;
    }
    flush(cur, out);
    return out;
  }

  private static void flush(StringBuilder cur, List<String> out) {
    if (cur.length() > 0) {
      out.add(cur.toString().toLowerCase(Locale.ROOT));
      cur.setLength(0);
    }
  }

  /** An opaque NextToken carrying a position. */
  static String token(long position) {
    return Base64.getEncoder().encodeToString(("emu:" + position).getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes {@link #token}; {@code -1} when absent; InvalidNextTokenException when malformed. */
  static long position(String token) {
    if (token == null || token.isEmpty()) {
      return -1;
    }
    try {
      String s = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
      if (!s.startsWith("emu:")) {
        throw AwsError.invalidNextToken();
      }
      return Long.parseLong(s.substring(4));
    } catch (IllegalArgumentException e) {
      throw AwsError.invalidNextToken();
    }
  }

  /** Validates an optional MaxResults against [1, max]; returns it or {@code dflt}. */
  static int maxResults(Integer requested, int max, int dflt) {
    if (requested == null) {
      return dflt;
    }
    if (requested < 1 || requested > max) {
      throw AwsError.invalidParameter(
          "MaxResults must be between 1 and " + max + " (inclusive), got " + requested + ".");
    }
    return requested;
  }
}
