package dev.secretsync.engine;

/**
 * Receives progress of a run (for a one-line progress display on a terminal). Called from worker
 * threads; implementations must be thread-safe and fast.
 */
public interface Progress {
  /** Does nothing. */
  Progress NONE = new Progress() {};

  /** The run will process {@code sources} sources and {@code targets} targets. */
  default void started(int sources, int targets) {}

  /** A source was read with {@code secrets} secrets. */
  default void sourceRead(String source, int secrets) {}

  /** A target finished (any status), having written {@code written} secrets. */
  default void targetDone(String target, int written) {}

  /** The run ended. */
  default void finished() {}
}
