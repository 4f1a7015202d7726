package dev.secretsync.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The breaker's life cycle: closed → open after 5 transient failures in the window (successes of
 * other calls notwithstanding) → half-open → closed.
 */
class BreakersTest {
  private final Breakers breakers =
      new Breakers(
          new BreakerSettings(true, 5, Duration.ofSeconds(10), Duration.ofSeconds(1), 1),
          Clock.systemUTC());
  private final AtomicInteger calls = new AtomicInteger();

  private Object failing() throws IOException {
    calls.incrementAndGet();
    throw new IOException("connection reset");
  }

  @Test
  void opensAfterFiveFailuresFailsFastThenATrialCallClosesIt() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(
              () -> breakers.call("vault:http://v", this::failing, e -> e instanceof IOException))
          .isNotInstanceOf(CircuitOpenException.class);
    }
    assertThat(breakers.states()).containsEntry("vault:http://v", CircuitBreaker.State.OPEN);
    assertThatThrownBy(() -> breakers.call("vault:http://v", this::failing, e -> true))
        .isInstanceOf(CircuitOpenException.class)
        .hasMessageMatching(
            "circuit breaker for Vault at http://v is open after repeated transient failures"
                + " \\(service degraded\\): calls to it fail at once until \\d{4}-\\S*Z, when one"
                + " trial call is let through; this run does not retry them");
    assertThat(calls.get()).as("the open breaker made no call").isEqualTo(5);

    Thread.sleep(1_100);
    assertThat(breakers.call("vault:http://v", () -> "ok", e -> true)).isEqualTo("ok");
    assertThat(breakers.states()).containsEntry("vault:http://v", CircuitBreaker.State.CLOSED);
  }

  @Test
  void successesOfOtherCallsDoNotDiluteTheFailures() {
    for (int i = 0; i < 4; i++) {
      for (int ok = 0; ok < 10; ok++) {
        assertThat(breakers.call("vault:http://v", () -> "listed", e -> true)).isEqualTo("listed");
      }
      assertThatThrownBy(
              () -> breakers.call("vault:http://v", this::failing, e -> e instanceof IOException))
          .isNotInstanceOf(CircuitOpenException.class);
    }
    assertThat(breakers.states()).containsEntry("vault:http://v", CircuitBreaker.State.CLOSED);

    assertThatThrownBy(() -> breakers.call("vault:http://v", this::failing, e -> true))
        .isNotInstanceOf(CircuitOpenException.class);

    assertThat(calls.get()).isEqualTo(5);
    assertThat(breakers.states())
        .as("the 5th failure in the window opens it, 40 successes notwithstanding")
        .containsEntry("vault:http://v", CircuitBreaker.State.OPEN);
  }

  @Test
  void clientErrorsCountAsAnswersAndNeverOpenIt() {
    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(
              () ->
                  breakers.call(
                      "aws:s3:b",
                      () -> {
                        throw new IllegalArgumentException("403 permission denied");
                      },
                      e -> e instanceof IOException))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(breakers.states()).containsEntry("aws:s3:b", CircuitBreaker.State.CLOSED);
  }

  @Test
  void breakersAreIndependentPerService() {
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> breakers.call("a", this::failing, e -> true)).isNotNull();
    }
    assertThat(breakers.call("b", () -> 1, e -> true)).isEqualTo(1);
    assertThat(breakers.states())
        .containsEntry("a", CircuitBreaker.State.OPEN)
        .containsEntry("b", CircuitBreaker.State.CLOSED);
  }
}
