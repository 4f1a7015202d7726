package dev.secretsync.spi;

/**
 * A failure talking to an external system. The message says what failed and where, never a secret
 * value; {@link #retryable()} tells whether trying again later may help (5xx, throttling,
 * connection errors) as opposed to a problem the user must fix (403, 404, validation).
 */
public class ProviderException extends RuntimeException {
  private final String provider;
  private final String operation;
  private final boolean retryable;

  /**
   * @param provider e.g. {@code vault}, {@code file}, {@code aws:secretsmanager}
   * @param operation e.g. {@code list}, {@code read}, {@code write}
   * @param retryable whether the failure is transient
   * @param message what failed and where (no values)
   * @param cause the underlying exception, or null
   */
  public ProviderException(
      String provider, String operation, boolean retryable, String message, Throwable cause) {
    super(message, cause);
    this.provider = provider;
    this.operation = operation;
    this.retryable = retryable;
  }

  /** Same, without a cause. */
  public ProviderException(String provider, String operation, boolean retryable, String message) {
    this(provider, operation, retryable, message, null);
  }

  /** The provider, e.g. {@code vault}. */
  public String provider() {
    return provider;
  }

  /** The operation, e.g. {@code list}. */
  public String operation() {
    return operation;
  }

  /** Whether the failure is transient. */
  public boolean retryable() {
    return retryable;
  }
}
