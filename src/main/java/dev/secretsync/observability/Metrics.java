package dev.secretsync.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The run's metrics, exported in Prometheus format (names in {@code docs/metrics.md}). Labels are
 * bounded — operation, service, status, target, change kind — and never carry a secret path or
 * value. Thread-safe.
 */
public final class Metrics implements AutoCloseable {
  /** Breaker states exported as {@code secretsync_circuit_breaker_state{state=…}}. */
  public static final List<String> BREAKER_STATES =
      List.of("closed", "open", "half_open", "disabled", "forced_open", "metrics_only");

  private final PrometheusMeterRegistry registry;

  /** The JVM's metrics being bound, on a thread of their own; null when not bound. */
  private final FutureTask<JvmGcMetrics> jvm;

  /** A registry with JVM metrics bound. */
  public Metrics() {
    this(true);
  }

  /**
   * A registry, with the JVM's own metrics (memory, GC, threads, classes, CPU, uptime) bound when
   * {@code jvm} — that is, when something will scrape or push it. Binding them loads the management
   * beans and cgroup readers, ~40-60 ms of a 2-core start; a run that exports nothing skips it, and
   * one that does binds them on a thread of their own, beside the first Vault calls. A scrape waits
   * for them.
   */
  public Metrics(boolean jvm) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    if (jvm) {
      this.jvm = new FutureTask<>(() -> bindJvm(registry));
      Thread binder = new Thread(this.jvm, "secretsync-jvm-metrics");
      binder.setDaemon(true);
      binder.start();
    } else {
      this.jvm = null;
    }
    // Pre-register the run metrics so a scrape shows every documented name from the start.
    Counter.builder("secretsync.vault.secrets").register(registry);
    Counter.builder("secretsync.aws.pagination.calls").register(registry);
    timer("secretsync.pipeline.duration");
    timer("secretsync.merge.duration");
    timer("secretsync.sync.duration");
  }

  private static JvmGcMetrics bindJvm(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return gc;
  }

  /** The GC metrics once bound (null when not asked for, or when binding failed). */
  private JvmGcMetrics jvmBound() {
    if (jvm == null) {
      return null;
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return jvm.get();
        } catch (InterruptedException e) {
          interrupted = true; // a scrape at shutdown still gets the JVM's metrics
        }
      }
    } catch (ExecutionException e) {
      return null; // the run's own metrics matter more than the JVM's: export without them
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The underlying registry. */
  public MeterRegistry registry() {
    return registry;
  }

  /** One Vault HTTP request; {@code errorType} is null on success (else e.g. {@code 503}). */
  public void vaultRequest(String operation, long nanos, String errorType) {
    // Looked up once per operation: building and registering the two meters on every request
    // was ~5 % of a Vault read's CPU on a 10,000-secret run.
    VaultMeters meters = vaultMeters.computeIfAbsent(operation, this::vaultMeters);
    meters.requests().increment();
    meters.duration().record(nanos, TimeUnit.NANOSECONDS);
    if (errorType != null) {
      Counter.builder("secretsync.vault.errors")
          .tag("operation", operation)
          .tag("type", errorType)
          .register(registry)
          .increment();
    }
  }

  private VaultMeters vaultMeters(String operation) {
    return new VaultMeters(
        Counter.builder("secretsync.vault.requests").tag("operation", operation).register(registry),
        Timer.builder("secretsync.vault.request.duration")
            .tag("operation", operation)
            .register(registry));
  }

  private final Map<String, VaultMeters> vaultMeters = new ConcurrentHashMap<>();

  /** The meters of one Vault operation. */
  private record VaultMeters(Counter requests, Timer duration) {}

  /** One GitHub API request (every attempt, retries included); operation e.g. actions.put. */
  public void githubRequest(String operation) {
    Counter.builder("secretsync.github.requests")
        .tag("operation", operation)
        .register(registry)
        .increment();
  }

  /** The primary rate limit GitHub last reported as remaining ({@code x-ratelimit-remaining}). */
  public void githubRateLimitRemaining(int remaining) {
    githubRateLimit.set(remaining);
    registry.gauge("secretsync.github.rate.limit.remaining", githubRateLimit);
  }

  private final AtomicInteger githubRateLimit = new AtomicInteger(-1);

  /** Secrets read from Vault. */
  public void vaultSecrets(int count) {
    registry.counter("secretsync.vault.secrets").increment(count);
  }

  /** One AWS API call (after the SDK's retries). */
  public void awsRequest(String service, String operation, long nanos, boolean error) {
    Counter.builder("secretsync.aws.requests")
        .tag("service", service)
        .tag("operation", operation)
        .register(registry)
        .increment();
    Timer.builder("secretsync.aws.request.duration")
        .tag("service", service)
        .tag("operation", operation)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
    if (error) {
      Counter.builder("secretsync.aws.errors")
          .tag("service", service)
          .register(registry)
          .increment();
    }
  }

  /** One page of a paginated AWS listing. */
  public void awsPage() {
    registry.counter("secretsync.aws.pagination.calls").increment();
  }

  /** Time of the whole run, the merge phase, or the sync phase. */
  public void phase(String phase, long nanos) {
    timer("secretsync." + phase + ".duration").record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Changes applied (or planned, on a dry run) to a target, by change kind. */
  public void synced(String target, String change, long count) {
    Counter.builder("secretsync.secrets.synced")
        .tag("target", target)
        .tag("change", change)
        .register(registry)
        .increment(count);
  }

  /** Exports a breaker's state: 1 for its current state, 0 for the others. */
  public void breaker(String service, Supplier<String> state) {
    for (String s : BREAKER_STATES) {
      Gauge.builder("secretsync.circuit.breaker.state", () -> s.equals(state.get()) ? 1 : 0)
          .tag("service", service)
          .tag("state", s)
          .register(registry);
    }
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    jvmBound();
    return registry.scrape();
  }

  private Timer timer(String name) {
    return Timer.builder(name).register(registry);
  }

  @Override
  public void close() {
    JvmGcMetrics gc = jvmBound();
    if (gc != null) {
      gc.close();
    }
    registry.close();
  }
}
