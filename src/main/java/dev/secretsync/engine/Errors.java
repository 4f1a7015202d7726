package dev.secretsync.engine;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns exceptions into one-line messages for reports (the message only, never values). */
public final class Errors {
  private Errors() {}

  /** Strips executor wrappers. */
  public static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof CompletionException || cur instanceof ExecutionException)
        && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }

  /**
   * The message of {@code t} (unwrapped), or its class name when it has none; a leading {@code
   * Error:} and a context prefix said twice ({@code target F1: target F1: …}, when two layers both
   * name the target) are said once.
   */
  public static String describe(Throwable t) {
    Throwable u = unwrap(t);
    String m = u.getMessage();
    if (m == null || m.isBlank()) {
      return u.getClass().getSimpleName();
    }
    return tidy(m);
  }

  /**
   * {@code message} without a leading {@code target <name>: }: where the target is said already
   * (its log line, its report line), a provider's own prefix would say it twice.
   */
  static String withoutTarget(String target, String message) {
    String prefix = "target " + target + ": ";
    return message != null && message.startsWith(prefix)
        ? message.substring(prefix.length())
        : message;
  }

  /** {@code Error: x} → {@code x}; {@code a b: a b: x} → {@code a b: x}. */
  static String tidy(String message) {
    String m = message.strip();
    if (m.regionMatches(true, 0, "error: ", 0, 7)) {
      m = m.substring(7);
    }
    Matcher twice = REPEATED_PREFIX.matcher(m);
    while (twice.lookingAt()) {
      m = m.substring(twice.end(1));
      twice = REPEATED_PREFIX.matcher(m);
    }
    return m;
  }

  /** A short prefix ending in ": " followed by the same prefix. */
  private static final Pattern REPEATED_PREFIX = Pattern.compile("([^:]{1,120}: )\\1");
}
