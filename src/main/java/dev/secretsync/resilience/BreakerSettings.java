package dev.secretsync.resilience;

import java.time.Duration;

/**
 * How breakers behave (from {@code circuit_breaker} in the config).
 *
 * @param enabled whether calls go through breakers at all
 * @param failureThreshold transient failures within {@code window} that open the breaker, whatever
 *     succeeds meanwhile (see {@link Breakers})
 * @param window the time window calls are counted in
 * @param openFor how long an open breaker rejects calls before letting trial calls through
 * @param trialCalls calls let through while half-open
 */
public record BreakerSettings(
    boolean enabled, int failureThreshold, Duration window, Duration openFor, int trialCalls) {}
