package dev.secretsync.engine;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

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

  /** The message of {@code t} (unwrapped), or its class name when it has none. */
  public static String describe(Throwable t) {
    Throwable u = unwrap(t);
    String m = u.getMessage();
    if (m == null || m.isBlank()) {
      return u.getClass().getSimpleName();
    }
    return m;
  }
}
