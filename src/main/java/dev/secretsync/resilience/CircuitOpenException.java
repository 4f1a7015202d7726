package dev.secretsync.resilience;

import java.time.Instant;

/**
 * A call refused because its service's breaker is open. Never retry it before {@link
 * #retryAfter()}; a batch run does not retry it at all.
 */
public final class CircuitOpenException extends RuntimeException {
  private final String service;
  private final Instant retryAfter;

  /**
   * @param service the breaker's key
   * @param words the service in words, e.g. {@code Vault at https://vault:8200}
   * @param retryAfter when the breaker lets a trial call through
   */
  CircuitOpenException(String service, String words, Instant retryAfter) {
    super(
        "circuit breaker for "
            + words
            + " is open after repeated transient failures (service degraded): calls to it fail"
            + " at once until "
            + retryAfter
            + ", when one trial call is let through; this run does not retry them");
    this.service = service;
    this.retryAfter = retryAfter;
  }

  /** The breaker's service name, e.g. {@code vault:https://vault:8200}. */
  public String service() {
    return service;
  }

  /** When the breaker lets a trial call through. */
  public Instant retryAfter() {
    return retryAfter;
  }
}
