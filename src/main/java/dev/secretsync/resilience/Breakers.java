package dev.secretsync.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit breaker per service endpoint ({@code vault:<address>}, {@code
 * aws:secretsmanager:<account>:<region>}, {@code aws:s3:<bucket>}, …), shared by every source and
 * target of a run. Only failures the caller classifies as transient (5xx, throttling after retries,
 * timeouts, connection errors) count; a 403 or 404 is an answer. An open breaker fails calls at
 * once with {@link CircuitOpenException}. Thread-safe.
 *
 * <p><b>When it opens:</b> after {@code failure_threshold} transient failures within the last
 * {@code window} — a windowed failure count, not a failure rate. Successes are not counted while
 * closed, because an outage often hits one kind of call only: with every KV read of a Vault
 * answering 503 while its LISTs still work, a rate over all calls stayed under half and the breaker
 * never opened (9 failed reads in 2 s against a threshold of 3). A count opens it whatever else
 * succeeds meanwhile, matches the documented "opens after N failures in M seconds", and still
 * ignores a slow trickle of failures (fewer than N per window). Once open it rejects calls for
 * {@code timeout}, then lets {@code max_requests} trial calls through; those decide (at least half
 * failed: open again, else closed).
 */
public final class Breakers {
  private static final Logger LOG = LoggerFactory.getLogger(Breakers.class);

  private final BreakerSettings settings;
  private final Clock clock;
  private final CircuitBreakerRegistry registry;
  private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();
  private final Map<String, String> lastError = new ConcurrentHashMap<>();
  private final Map<String, Breaker> handles = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<BiConsumer<String, CircuitBreaker>> onCreate =
      new CopyOnWriteArrayList<>();

  /**
   * @param settings breaker settings; {@code clock} stamps the state-change log lines
   */
  public Breakers(BreakerSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.registry =
        CircuitBreakerRegistry.of(
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize((int) Math.max(1, settings.window().toSeconds()))
                // Only failures are recorded while closed (Breaker.answered), so "N calls in the
                // window, at least half failed" reads "N failures in the window".
                .minimumNumberOfCalls(settings.failureThreshold())
                .failureRateThreshold(50)
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(settings.trialCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
  }

  /** Breakers that never open (for {@code circuit_breaker.enabled: false} and tests). */
  public static Breakers disabled() {
    return new Breakers(
        new BreakerSettings(false, 5, Duration.ofSeconds(10), Duration.ofSeconds(30), 1),
        Clock.systemUTC());
  }

  /** Whether breakers are on ({@code circuit_breaker.enabled}). */
  public boolean enabled() {
    return settings.enabled();
  }

  /** Calls {@code listener(service, breaker)} for every breaker created from now on. */
  public void onCreate(BiConsumer<String, CircuitBreaker> listener) {
    onCreate.add(listener);
    registry.getAllCircuitBreakers().forEach(b -> listener.accept(b.getName(), b));
  }

  /**
   * Runs {@code call} through the breaker of {@code service}.
   *
   * @param isTransient which failures count against the service
   * @throws CircuitOpenException when the breaker is open
   */
  public <T> T call(String service, Callable<T> call, Predicate<Throwable> isTransient) {
    if (!settings.enabled()) {
      return unchecked(call);
    }
    Breaker breaker = of(service);
    breaker.acquire();
    long start = System.nanoTime();
    try {
      T result = call.call();
      breaker.answered(System.nanoTime() - start);
      return result;
    } catch (Exception e) {
      if (isTransient.test(e)) {
        breaker.failed(System.nanoTime() - start, e);
      } else {
        breaker.answered(System.nanoTime() - start);
      }
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
  }

  /** The exception for a call the open breaker of {@code service} refused. */
  public CircuitOpenException refused(String service) {
    Instant opened = openedAt.getOrDefault(service, clock.instant());
    return new CircuitOpenException(
        service, BreakerNames.describe(service), opened.plus(settings.openFor()));
  }

  /** The breaker of {@code service} as callers use it, created on first use. */
  public Breaker of(String service) {
    return handles.computeIfAbsent(service, s -> new Breaker(s, breaker(s), this));
  }

  /** Remembers the last transient failure of {@code service}, for the state-change log line. */
  void lastError(String service, Throwable cause) {
    String m = cause.getMessage();
    lastError.put(
        service,
        m == null || m.isBlank() ? cause.getClass().getSimpleName() : m.lines().findFirst().get());
  }

  /** The Resilience4j breaker of {@code service} (its state), created on first use. */
  public CircuitBreaker breaker(String service) {
    return registry
        .find(service)
        .orElseGet(
            () -> {
              synchronized (this) {
                return registry.find(service).orElseGet(() -> create(service));
              }
            });
  }

  private CircuitBreaker create(String service) {
    CircuitBreaker b = registry.circuitBreaker(service);
    b.getEventPublisher()
        .onStateTransition(
            e -> {
              var t = e.getStateTransition();
              Instant now = clock.instant();
              if (t.getToState() == CircuitBreaker.State.OPEN) {
                openedAt.put(service, now);
              }
              LOG.warn(
                  "circuit breaker \"{}\" of {} {} -> {} at {}{} (last failure: {})",
                  service,
                  BreakerNames.describe(service),
                  t.getFromState(),
                  t.getToState(),
                  now,
                  t.getToState() != CircuitBreaker.State.OPEN
                      ? ""
                      : (t.getFromState() == CircuitBreaker.State.CLOSED
                              ? " after "
                                  + settings.failureThreshold()
                                  + " transient failures"
                                  + " within "
                                  + Math.max(1, settings.window().toSeconds())
                                  + "s"
                              : " (the trial call failed)")
                          + "; next trial call at "
                          + now.plus(settings.openFor()),
                  lastError.getOrDefault(service, "none"));
            });
    onCreate.forEach(l -> l.accept(service, b));
    return b;
  }

  /** Current state of every breaker, by service. */
  public Map<String, CircuitBreaker.State> states() {
    Map<String, CircuitBreaker.State> out = new TreeMap<>();
    registry.getAllCircuitBreakers().forEach(b -> out.put(b.getName(), b.getState()));
    return out;
  }

  private static <T> T unchecked(Callable<T> call) {
    try {
      return call.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
