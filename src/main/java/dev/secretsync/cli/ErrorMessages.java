package dev.secretsync.cli;

/** One-line messages for unexpected exceptions (messages only; they never carry values). */
final class ErrorMessages {
  private ErrorMessages() {}

  static String of(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName();
    }
    return m;
  }
}
