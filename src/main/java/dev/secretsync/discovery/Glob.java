package dev.secretsync.discovery;

import java.util.regex.Pattern;

/** Tag value globs: {@code *} any run of characters, {@code ?} one character, all else literal. */
final class Glob {
  private Glob() {}

  static boolean matches(String glob, String value) {
    if (value == null) {
      return false;
    }
    StringBuilder re = new StringBuilder();
    StringBuilder lit = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*' || c == '?') {
        re.append(Pattern.quote(lit.toString()));
        lit.setLength(0);
        re.append(c == '*' ? ".*" : ".");
      } else {
        lit.append(c);
      }
    }
    re.append(Pattern.quote(lit.toString()));
    return Pattern.compile(re.toString(), Pattern.DOTALL).matcher(value).matches();
  }
}
