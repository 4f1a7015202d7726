package dev.secretsync.plan;

/**
 * A saved plan that cannot be used: unreadable, made by another format or key, edited, too old, or
 * stale. The message is one line saying what and what to do; it never contains a value.
 */
public final class PlanException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a one-line message. */
  public PlanException(String message) {
    super(message);
  }
}
