package dev.secretsync.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.observability.Metrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * 32 threads hammer the shared run state — breaker registry, rate limiter, metrics — for about two
 * seconds and check invariants that a race would break.
 */
class ConcurrencyStressTest {
  private static final int THREADS = 32;
  private static final Duration RUN = Duration.ofMillis(1500);

  @Test
  void sharedStateStaysConsistentUnderLoad() throws Exception {
    Breakers breakers =
        new Breakers(
            new BreakerSettings(true, 5, Duration.ofSeconds(10), Duration.ofMillis(50), 1),
            Clock.systemUTC());
    Metrics metrics = new Metrics();
    List<String> services = new ArrayList<>();
    breakers.onCreate(
        (name, b) -> {
          synchronized (services) {
            services.add(name);
          }
          metrics.breaker(name, () -> b.getState().name().toLowerCase());
        });
    RateLimiter limiter = new RateLimiter(2_000);
    AtomicLong permits = new AtomicLong();
    AtomicLong calls = new AtomicLong();
    AtomicLong unexpected = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    long deadline = System.nanoTime() + RUN.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Thread th =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (System.nanoTime() < deadline) {
                  String service = "svc:" + rnd.nextInt(8);
                  try {
                    breakers.call(
                        service,
                        () -> {
                          if (rnd.nextInt(10) == 0) {
                            throw new IOException("transient");
                          }
                          return null;
                        },
                        e -> e instanceof IOException);
                  } catch (CircuitOpenException | IllegalStateException expected) {
                    // open breakers and wrapped transient failures are expected
                  } catch (RuntimeException e) {
                    unexpected.incrementAndGet();
                  }
                  calls.incrementAndGet();
                  metrics.synced("T" + rnd.nextInt(4), "create", 1);
                  if (rnd.nextInt(20) == 0) {
                    limiter.acquire();
                    permits.incrementAndGet();
                  }
                }
              });
      th.start();
      threads.add(th);
    }
    long t0 = System.nanoTime();
    start.countDown();
    for (Thread th : threads) {
      th.join();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;

    assertThat(unexpected.get()).isZero();
    assertThat(services)
        .as("one breaker per service, created once")
        .hasSize(8)
        .doesNotHaveDuplicates();
    assertThat(breakers.states()).hasSize(8);
    double synced =
        metrics.registry().find("secretsync.secrets.synced").counters().stream()
            .mapToDouble(c -> c.count())
            .sum();
    assertThat(synced).as("no lost counter increments").isEqualTo((double) calls.get());
    assertThat(permits.get())
        .as("rate limiter never exceeds its rate plus one burst")
        .isLessThanOrEqualTo((long) (2_000 * seconds) + 200 + THREADS);
    assertThat(metrics.scrape()).contains("secretsync_circuit_breaker_state{service=\"svc:0\"");
  }
}
