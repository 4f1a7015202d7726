package dev.secretsync.template;

/** A render-time failure without a position; the renderer adds the action's line:column. */
final class EvalException extends Exception {
  private static final long serialVersionUID = 1L;

  EvalException(String message) {
    super(message);
  }
}
