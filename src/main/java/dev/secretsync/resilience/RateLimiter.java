package dev.secretsync.resilience;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A token bucket: at most {@code permitsPerSecond} acquisitions per second on average, with bursts
 * of up to one second's worth. Thread-safe; {@link #acquire()} blocks until a permit is free. Used
 * to keep writes under a service quota (Secrets Manager: 50 writes/s per account and region) so
 * that throttling is the exception, not the steady state.
 */
public final class RateLimiter {
  private final double permitsPerNano;
  private final double capacity;
  private double tokens;
  private long lastRefill;

  /**
   * @param permitsPerSecond sustained rate (≥ 1)
   */
  public RateLimiter(int permitsPerSecond) {
    if (permitsPerSecond < 1) {
      throw new IllegalArgumentException("permitsPerSecond must be at least 1");
    }
    this.permitsPerNano = permitsPerSecond / 1e9;
    // A small burst keeps latency low for small runs without letting a big run exceed the quota.
    this.capacity = Math.max(1, permitsPerSecond / 10.0);
    this.tokens = capacity;
    this.lastRefill = System.nanoTime();
  }

  /** Blocks until one permit is available, then takes it. */
  public void acquire() {
    long waitNanos;
    synchronized (this) {
      refill();
      tokens -= 1;
      waitNanos = tokens >= 0 ? 0 : (long) (-tokens / permitsPerNano);
    }
    // Sleeping outside the lock lets other threads reserve their own slots meanwhile.
    long deadline = System.nanoTime() + waitNanos;
    while (waitNanos > 0) {
      LockSupport.parkNanos(waitNanos);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        return;
      }
      waitNanos = deadline - System.nanoTime();
    }
  }

  private void refill() {
    long now = System.nanoTime();
    tokens = Math.min(capacity, tokens + (now - lastRefill) * permitsPerNano);
    lastRefill = now;
  }

  /** Sustained rate in permits per second. */
  public double rate() {
    return permitsPerNano * TimeUnit.SECONDS.toNanos(1);
  }
}
