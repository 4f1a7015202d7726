package dev.secretsync.testkit;

import java.time.Instant;

/**
 * The emulator's primary rate limit ({@code x-ratelimit-*} headers, resource {@code core}): every
 * request uses one; at zero GitHub answers 403 "API rate limit exceeded" until the reset time.
 */
final class GitHubRateLimit {
  static final int LIMIT = 5000;
  private int remaining = LIMIT;
  private Instant reset = Instant.now().plusSeconds(3600);

  synchronized void set(int remaining, Instant reset) {
    this.remaining = remaining;
    this.reset = reset;
  }

  /** Uses one request; false when none is left (the request is refused). */
  synchronized boolean take(Instant now) {
    if (!now.isBefore(reset)) {
      remaining = LIMIT;
      reset = now.plusSeconds(3600);
    }
    if (remaining == 0) {
      return false;
    }
    remaining--;
    return true;
  }

  synchronized int remaining() {
    return remaining;
  }

  synchronized long resetEpochSeconds() {
    return reset.getEpochSecond();
  }
}
