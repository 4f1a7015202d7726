package dev.secretsync.engine;

import dev.secretsync.core.TargetResult;

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

  /**
   * A target finished with {@code result} (called right after {@link #targetDone}, from the
   * target's worker thread, so a listener sees each target's outcome as soon as it is final — also
   * when the run is interrupted later).
   *
   * @param runId the run's id
   * @param result what the target did (on a real run, only the changes it confirmed count)
   * @param refused whether the target stopped before any write by a rule (max_deletes, a policy, a
   *     saved plan's gate) rather than by a failure
   */
  default void targetFinished(String runId, TargetResult result, boolean refused) {}

  /** The run ended. */
  default void finished() {}
}
