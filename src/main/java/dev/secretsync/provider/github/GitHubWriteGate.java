package dev.secretsync.provider.github;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * GitHub's secondary rate limits, kept on our side: at most {@code maxConcurrent} writes (PUT,
 * DELETE) in flight and at most {@code perWindow} started in any sliding window (a minute) — per
 * credential, shared by every target of the run that uses it, because GitHub counts per token.
 * Targets sharing a credential with different settings get the strictest of them.
 */
final class GitHubWriteGate {
  private final Duration window;
  private final LongSupplier nanoTime;
  private final ArrayDeque<Long> started = new ArrayDeque<>();
  private int maxConcurrent;
  private int perWindow;
  private int inFlight;

  GitHubWriteGate(int maxConcurrent, int perWindow, Duration window, LongSupplier nanoTime) {
    this.maxConcurrent = maxConcurrent;
    this.perWindow = perWindow;
    this.window = window;
    this.nanoTime = nanoTime;
  }

  /** Per minute, on the system's monotonic clock. */
  GitHubWriteGate(int maxConcurrent, int perMinute) {
    this(maxConcurrent, perMinute, Duration.ofMinutes(1), System::nanoTime);
  }

  /** Applies another target's limits: the stricter of each wins. */
  synchronized void tighten(int maxConcurrent, int perWindow) {
    this.maxConcurrent = Math.min(this.maxConcurrent, maxConcurrent);
    this.perWindow = Math.min(this.perWindow, perWindow);
  }

  /** Waits for a write slot; the caller must {@link #release()} it. */
  synchronized void acquire() throws InterruptedException {
    while (!tryAcquire()) {
      if (inFlight >= maxConcurrent) {
        wait();
      } else {
        // Woken by a release or, at the latest, when the oldest start leaves the window.
        long waitNanos = started.peekFirst() + window.toNanos() - nanoTime.getAsLong();
        wait(Math.max(1, Math.min(waitNanos / 1_000_000, 1_000)));
      }
    }
  }

  /** Takes a write slot if one is free now; the caller must then {@link #release()} it. */
  synchronized boolean tryAcquire() {
    long now = nanoTime.getAsLong();
    while (!started.isEmpty() && now - started.peekFirst() >= window.toNanos()) {
      started.removeFirst();
    }
    if (inFlight < maxConcurrent && started.size() < perWindow) {
      inFlight++;
      started.addLast(now);
      return true;
    }
    return false;
  }

  /** Frees the slot of a finished write. */
  synchronized void release() {
    inFlight--;
    notifyAll();
  }
}
