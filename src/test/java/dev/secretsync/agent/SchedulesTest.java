package dev.secretsync.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SchedulesTest {
  private final SplittableRandom random = new SplittableRandom(42);

  @Test
  void laterRefreshesAreJitteredTenPercent() {
    for (int i = 0; i < 1000; i++) {
      Duration d = Schedules.afterSuccess(Duration.ofSeconds(10), false, random);

      assertThat(d).isBetween(Duration.ofMillis(9000), Duration.ofMillis(11000));
    }
  }

  @Test
  void theSecondRunIsSpreadOverOnePeriodCenteredOnTheRefresh() {
    long min = Long.MAX_VALUE;
    long max = 0;
    long sum = 0;
    for (int i = 0; i < 1000; i++) {
      long ms = Schedules.afterSuccess(Duration.ofSeconds(10), true, random).toMillis();
      min = Math.min(min, ms);
      max = Math.max(max, ms);
      sum += ms;
    }

    assertThat(min).isBetween(5000L, 5200L);
    assertThat(max).isBetween(14800L, 14999L);
    assertThat(sum / 1000).as("on average one refresh").isBetween(9700L, 10300L);
  }

  /**
   * Jobs started together keep the phase their second run gave them (later delays only jitter it):
   * the phases must cover the whole period evenly, or Vault sees a wave every period.
   */
  @Test
  void jobsStartedTogetherGetPhasesSpreadEvenlyOverThePeriod() {
    int jobs = 10_000;
    int[] buckets = new int[10];
    for (int i = 0; i < jobs; i++) {
      long ms = Schedules.afterSuccess(Duration.ofSeconds(10), true, random).toMillis();
      buckets[(int) (ms % 10_000 / 1_000)]++;
    }

    for (int b : buckets) {
      assertThat(b).as("jobs per tenth of the period").isBetween(900, 1100);
    }
  }

  @Test
  void neverRefreshingJobsAreNotRescheduledAfterSuccess() {
    assertThat(Schedules.afterSuccess(Duration.ZERO, true, random)).isNull();
  }

  @Test
  void failuresBackOffExponentiallyFromOneSecondCappedAtTheRefresh() {
    Duration refresh = Duration.ofSeconds(30);

    assertThat(Schedules.afterFailure(1, refresh, random)).isBetween(ms(900), ms(1100));
    assertThat(Schedules.afterFailure(2, refresh, random)).isBetween(ms(1800), ms(2200));
    assertThat(Schedules.afterFailure(4, refresh, random)).isBetween(ms(7200), ms(8800));
    assertThat(Schedules.afterFailure(50, refresh, random)).isBetween(ms(27000), ms(33000));
    assertThat(Schedules.afterFailure(50, Duration.ZERO, random))
        .as("refresh: never backs off up to five minutes")
        .isBetween(Duration.ofSeconds(270), Duration.ofSeconds(330));
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
