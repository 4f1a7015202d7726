package dev.secretsync.cli;

/** One-line messages for unexpected exceptions (messages only; they never carry values). */
final class ErrorMessages {
  private ErrorMessages() {}

  static String of(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName();
    }
    // "error: Error: …": the CLI adds its own prefix.
    return m.regionMatches(true, 0, "error: ", 0, 7) ? m.substring(7) : m;
  }
}
