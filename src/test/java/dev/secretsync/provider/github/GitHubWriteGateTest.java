package dev.secretsync.provider.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The write gate's two limits on a hand-driven clock: no sleeping, no timing. */
class GitHubWriteGateTest {
  private final AtomicLong nanos = new AtomicLong();

  @Test
  void noMoreThanTheConcurrentLimitUntilOneIsReleased() {
    GitHubWriteGate gate = new GitHubWriteGate(2, 100, Duration.ofMinutes(1), nanos::get);

    assertThat(gate.tryAcquire()).isTrue();
    assertThat(gate.tryAcquire()).isTrue();
    assertThat(gate.tryAcquire()).isFalse();
    gate.release();
    assertThat(gate.tryAcquire()).isTrue();
  }

  @Test
  void noMoreWritesStartInAMinuteThanThePerMinuteLimit() {
    GitHubWriteGate gate = new GitHubWriteGate(10, 3, Duration.ofMinutes(1), nanos::get);
    for (int i = 0; i < 3; i++) {
      assertThat(gate.tryAcquire()).isTrue();
      gate.release();
      nanos.addAndGet(Duration.ofSeconds(10).toNanos());
    }

    boolean fourthAt30s = gate.tryAcquire();
    nanos.set(Duration.ofSeconds(60).toNanos());
    boolean fourthAt60s = gate.tryAcquire();

    assertThat(fourthAt30s).isFalse();
    assertThat(fourthAt60s).as("the first start has left the window").isTrue();
    assertThat(gate.tryAcquire()).as("the second is still in it").isFalse();
  }

  @Test
  void targetsSharingTheGateGetTheStricterLimits() {
    GitHubWriteGate gate = new GitHubWriteGate(4, 60, Duration.ofMinutes(1), nanos::get);

    gate.tighten(1, 100);

    assertThat(gate.tryAcquire()).isTrue();
    assertThat(gate.tryAcquire()).isFalse();
  }
}
