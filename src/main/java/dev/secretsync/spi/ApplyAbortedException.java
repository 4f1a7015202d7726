package dev.secretsync.spi;

import dev.secretsync.spi.SecretTarget.ApplyResult;

/**
 * An apply that stopped part-way (the target as a whole could not be written, or the run was
 * interrupted) after some changes were already carried out. Carries what was done, so the report
 * lists the writes that reached the target instead of none of them.
 */
public class ApplyAbortedException extends ProviderException {
  private final transient ApplyResult partial;

  /**
   * @param provider e.g. {@code file}
   * @param operation e.g. {@code write}
   * @param retryable whether the failure is transient
   * @param message what failed and where (no values)
   * @param cause the underlying exception, or null
   * @param partial the changes carried out and the per-secret failures before the stop
   */
  public ApplyAbortedException(
      String provider,
      String operation,
      boolean retryable,
      String message,
      Throwable cause,
      ApplyResult partial) {
    super(provider, operation, retryable, message, cause);
    this.partial = partial;
  }

  /** What was done before the stop. */
  public ApplyResult partial() {
    return partial;
  }
}
