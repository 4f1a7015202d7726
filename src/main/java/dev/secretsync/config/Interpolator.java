package dev.secretsync.config;

import java.util.Map;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:-default}} in config strings from an environment map.
 * {@code $$} is a literal {@code $}. An unset variable without a default is an error naming it.
 */
final class Interpolator {
  private final Map<String, String> env;

  Interpolator(Map<String, String> env) {
    this.env = env;
  }

  /** The raw value of environment variable {@code name}, or null when it is not set. */
  String variable(String name) {
    return env.get(name);
  }

  /** Thrown for an unset variable or a malformed reference; the message names it. */
  static final class InterpolationException extends RuntimeException {
    InterpolationException(String message) {
      super(message);
    }
  }

  /** Whether the text contains any reference to expand. */
  static boolean hasReference(String text) {
    return text.indexOf('$') >= 0;
  }

  String expand(String text) {
    if (!hasReference(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          throw new InterpolationException("unterminated ${ (write $$ for a literal $)");
        }
        out.append(resolve(text.substring(i + 2, end)));
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private String resolve(String reference) {
    String name = reference;
    String fallback = null;
    int sep = reference.indexOf(":-");
    if (sep >= 0) {
      name = reference.substring(0, sep);
      fallback = reference.substring(sep + 2);
    }
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new InterpolationException(
          "a ${...} here is not a valid variable reference (use ${NAME} or ${NAME:-default},"
              + " and $$ for a literal $)");
    }
    String value = env.get(name);
    if (value == null || (fallback != null && value.isEmpty())) {
      if (fallback != null) {
        return fallback;
      }
      throw new InterpolationException(
          "environment variable " + name + " is not set (referenced as ${" + name + "})");
    }
    return value;
  }
}
