package dev.secretsync.core;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A glob over bundle keys ({@code config/database}), matched against the whole key. Keys are paths
 * of {@code /}-separated segments, so the wildcards respect segments the way {@code .gitignore}
 * does:
 *
 * <ul>
 *   <li>{@code *} — any run of characters within one segment (never a {@code /});
 *   <li>{@code ?} — one character other than {@code /};
 *   <li>{@code [abc]}, {@code [a-z]}, {@code [!abc]} — one character of (not of) a set;
 *   <li>{@code **} as a whole segment — {@code **}{@code /x} matches {@code x} at any depth, {@code
 *       a/}{@code **}{@code /b} matches {@code a/b}, {@code a/x/b}, …, {@code a/}{@code **} matches
 *       every key below {@code a/} (not {@code a} itself), {@code **} alone matches every key;
 *   <li>{@code \} — the next character literally.
 * </ul>
 *
 * {@code **} inside a segment ({@code a**}) is an error rather than a silent {@code *}: the two
 * mean different things, and guessing would filter the wrong keys.
 */
public final class KeyGlob {
  private static final String ANY_SEGMENTS = "(?:[^/]+/)*";

  private final String glob;
  private final Pattern pattern;

  private KeyGlob(String glob, Pattern pattern) {
    this.glob = glob;
    this.pattern = pattern;
  }

  /**
   * Compiles {@code glob}.
   *
   * @throws IllegalArgumentException with a message saying what is wrong, for a glob that is empty,
   *     starts or ends with {@code /}, has an empty segment, an unclosed {@code [}, a trailing
   *     {@code \}, or {@code **} inside a segment
   */
  public static KeyGlob compile(String glob) {
    if (glob == null || glob.isEmpty()) {
      throw new IllegalArgumentException("a glob must not be empty");
    }
    if (glob.startsWith("/") || glob.endsWith("/")) {
      throw new IllegalArgumentException(
          "keys have no leading or trailing /, so this glob matches nothing");
    }
    List<String> segments = List.of(glob.split("/", -1));
    List<String> collapsed = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    int offset = 0;
    for (String s : segments) {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("empty segment (//)");
      }
      // a/**/**/b means the same as a/**/b.
      if (!(s.equals("**")
          && !collapsed.isEmpty()
          && collapsed.get(collapsed.size() - 1).equals(s))) {
        collapsed.add(s);
        offsets.add(offset);
      }
      offset += s.length() + 1;
    }
    StringBuilder re = new StringBuilder();
    boolean separator = false;
    for (int i = 0; i < collapsed.size(); i++) {
      String s = collapsed.get(i);
      boolean last = i == collapsed.size() - 1;
      if (s.equals("**")) {
        re.append(last ? (i == 0 ? ".+" : "/.+") : (i == 0 ? ANY_SEGMENTS : "/" + ANY_SEGMENTS));
        separator = false;
        continue;
      }
      if (separator) {
        re.append('/');
      }
      segment(s, offsets.get(i), re);
      separator = true;
    }
    return new KeyGlob(glob, Pattern.compile(re.toString()));
  }

  private static void segment(String s, int offset, StringBuilder re) {
    if (s.contains("**")) {
      throw new IllegalArgumentException(
          "** must be a whole path segment (a/**/b, **/test); use * within a segment");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '*' -> re.append("[^/]*");
        case '?' -> re.append("[^/]");
        case '\\' -> {
          if (i + 1 == s.length()) {
            throw new IllegalArgumentException("a trailing \\ escapes nothing");
          }
          re.append(Pattern.quote(String.valueOf(s.charAt(++i))));
        }
        case '[' -> i = charClass(s, i, offset, re);
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
  }

  /** Appends the class starting at {@code s[open]}; returns the index of its closing bracket. */
  private static int charClass(String s, int open, int offset, StringBuilder re) {
    int i = open + 1;
    boolean negated = i < s.length() && (s.charAt(i) == '!' || s.charAt(i) == '^');
    if (negated) {
      i++;
    }
    StringBuilder body = new StringBuilder();
    // A ] right after [ or [! is a member, as in POSIX globs.
    for (boolean first = true; i < s.length() && (first || s.charAt(i) != ']'); i++) {
      first = false;
      char c = s.charAt(i);
      boolean range = c == '-' && body.length() > 0 && i + 1 < s.length() && s.charAt(i + 1) != ']';
      if (c == '\\' && i + 1 < s.length()) {
        c = s.charAt(++i);
        range = false;
      }
      // Any non-letter may be escaped in a Java class; letters and digits must not be.
      body.append(range || Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
    }
    if (i >= s.length()) {
      throw new IllegalArgumentException("unclosed [ at position " + (offset + open + 1));
    }
    re.append(negated ? "[^/" : "[").append(body).append(']');
    return i;
  }

  /** Whether the whole of {@code key} matches. */
  public boolean matches(SecretKey key) {
    return pattern.matcher(key.path()).matches();
  }

  /** The glob as written. */
  @Override
  public String toString() {
    return glob;
  }
}
