package dev.secretsync.resilience;

import java.time.Instant;

/**
 * A call refused because its service's breaker is open. Never retry it before {@link
 * #retryAfter()}.
 */
public final class CircuitOpenException extends RuntimeException {
  private final String service;
  private final Instant retryAfter;

  CircuitOpenException(String service, Instant retryAfter) {
    super(
        "circuit breaker \""
            + service
            + "\" is open (service degraded); retrying after "
            + retryAfter);
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
