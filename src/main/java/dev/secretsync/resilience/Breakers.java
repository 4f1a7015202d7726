package dev.secretsync.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit breaker per service endpoint ({@code vault:<address>}, {@code
 * aws:secretsmanager:<account>:<region>}, {@code aws:s3:<bucket>}, …), shared by every source and
 * target of a run. Only failures the caller classifies as transient (5xx, throttling after retries,
 * timeouts, connection errors) count; a 403 or 404 is an answer, so it counts as a success. An open
 * breaker fails calls at once with {@link CircuitOpenException}. Thread-safe.
 */
public final class Breakers {
  private static final Logger LOG = LoggerFactory.getLogger(Breakers.class);

  private final BreakerSettings settings;
  private final Clock clock;
  private final CircuitBreakerRegistry registry;
  private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();
  private final Map<String, String> lastError = new ConcurrentHashMap<>();
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
    CircuitBreaker breaker = breaker(service);
    try {
      breaker.acquirePermission();
    } catch (CallNotPermittedException e) {
      throw refused(service);
    }
    long start = System.nanoTime();
    try {
      T result = call.call();
      breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return result;
    } catch (Exception e) {
      if (isTransient.test(e)) {
        lastError.put(service, e.getClass().getSimpleName());
        breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      } else {
        breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      }
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
  }

  /** The exception for a call the open breaker of {@code service} refused. */
  public CircuitOpenException refused(String service) {
    Instant opened = openedAt.getOrDefault(service, clock.instant());
    return new CircuitOpenException(service, opened.plus(settings.openFor()));
  }

  /** The breaker of {@code service}, created on first use. */
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
                  "circuit breaker \"{}\" {} -> {} at {} (last error: {})",
                  service,
                  t.getFromState(),
                  t.getToState(),
                  now,
                  lastError.getOrDefault(service, "none"));
            });
    onCreate.forEach(l -> l.accept(service, b));
    return b;
  }

  /** Current state of every breaker, by service. */
  public Map<String, CircuitBreaker.State> states() {
    Map<String, CircuitBreaker.State> out = new java.util.TreeMap<>();
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
