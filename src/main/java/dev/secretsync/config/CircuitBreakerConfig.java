package dev.secretsync.config;

import java.time.Duration;

/**
 * {@code circuit_breaker}: one breaker per service endpoint.
 *
 * @param enabled whether breakers are used
 * @param failureThreshold transient failures within {@code window} that open a breaker
 * @param window the counting window
 * @param timeout how long a breaker stays open before a trial call
 * @param maxRequests trial calls allowed while half-open
 */
public record CircuitBreakerConfig(
    boolean enabled, int failureThreshold, Duration window, Duration timeout, int maxRequests) {
  /** enabled, 5 failures in 10 s, open 30 s, 1 trial call. */
  public static final CircuitBreakerConfig DEFAULT =
      new CircuitBreakerConfig(true, 5, Duration.ofSeconds(10), Duration.ofSeconds(30), 1);
}
