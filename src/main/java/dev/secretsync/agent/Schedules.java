package dev.secretsync.agent;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When a job runs next. Pure arithmetic over a random source, so it is tested without clocks.
 *
 * <p>Every job runs at once at start-up (readiness should not wait), then its second run comes
 * after a delay drawn uniformly from [refresh/2, 3·refresh/2), and every later delay is jittered
 * ±10 %. The first window is exactly one period wide, so a thousand jobs with the same refresh,
 * started together, get phases spread evenly over the period: Vault sees a flat rate (jobs /
 * refresh) from the second period on, instead of one burst each period (the "polling storm"
 * consul-template users report). A narrower window (the second half of the period, as first built)
 * left a wave of twice the mean rate and zero that the ±10 % jitter smooths out only over many
 * periods (the agent-1k benchmark showed 45–157 reads/s around a mean of 100). The mean delay stays
 * one refresh, so no job re-reads much earlier than asked. Failures back off exponentially from one
 * second, capped at the job's refresh (or five minutes for a job that never refreshes), so a Vault
 * outage costs one call per job per cap, and recovery is noticed within one backoff step.
 */
final class Schedules {
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration NEVER_REFRESH_CAP = Duration.ofMinutes(5);

  private Schedules() {}

  /**
   * The delay before the next refresh after a success; null when the job never refreshes.
   *
   * @param first whether this was the job's first success since the agent started
   */
  static Duration afterSuccess(Duration refresh, boolean first, RandomGenerator random) {
    if (refresh.isZero()) {
      return null;
    }
    if (first) {
      long period = refresh.toMillis();
      return Duration.ofMillis(period / 2 + random.nextLong(Math.max(1, period)));
    }
    return jitter(refresh, random);
  }

  /** The delay before the retry after {@code failures} consecutive failures (≥ 1). */
  static Duration afterFailure(int failures, Duration refresh, RandomGenerator random) {
    Duration cap = refresh.isZero() ? NEVER_REFRESH_CAP : refresh;
    long base = FIRST_BACKOFF.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
    return jitter(Duration.ofMillis(Math.min(base, cap.toMillis())), random);
  }

  static Duration jitter(Duration d, RandomGenerator random) {
    double factor = 0.9 + 0.2 * random.nextDouble();
    return Duration.ofMillis(Math.max(1, Math.round(d.toMillis() * factor)));
  }
}
