package dev.secretsync.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One service's circuit breaker as a caller uses it around one logical call: {@link #acquire()}
 * first, then exactly one of {@link #answered}, {@link #failed} or {@link #released()}.
 *
 * <p>While closed it counts only transient failures, so {@code failure_threshold} of them within
 * {@code window} open it, whatever else succeeds meanwhile (see {@link Breakers}). While half-open
 * every outcome counts: the trial calls decide between closed and open again.
 */
public final class Breaker {
  private final String service;
  private final CircuitBreaker breaker;
  private final Breakers owner;

  Breaker(String service, CircuitBreaker breaker, Breakers owner) {
    this.service = service;
    this.breaker = breaker;
    this.owner = owner;
  }

  /** The service key, e.g. {@code vault:https://vault:8200}. */
  public String service() {
    return service;
  }

  /** The state, lower case: {@code closed}, {@code open}, {@code half_open} … (for traces). */
  public String state() {
    return breaker.getState().name().toLowerCase(Locale.ROOT);
  }

  /**
   * Takes a permit for one call.
   *
   * @throws CircuitOpenException when the breaker is open (or its trial calls are taken)
   */
  public void acquire() {
    try {
      breaker.acquirePermission();
    } catch (CallNotPermittedException e) {
      throw owner.refused(service);
    }
  }

  /** The service answered (a 403 or 404 included): it works. */
  public void answered(long nanos) {
    if (breaker.getState() == CircuitBreaker.State.CLOSED) {
      // Not recorded: successes of other operations must not dilute an outage of these (a
      // closed breaker's permit needs no release beyond this).
      breaker.releasePermission();
    } else {
      breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** The call failed transiently (5xx, throttling after retries, timeout, connection). */
  public void failed(long nanos, Throwable cause) {
    owner.lastError(service, cause);
    breaker.onError(nanos, TimeUnit.NANOSECONDS, cause);
  }

  /** The call ended without an answer that says anything about the service (e.g. interrupted). */
  public void released() {
    breaker.releasePermission();
  }
}
