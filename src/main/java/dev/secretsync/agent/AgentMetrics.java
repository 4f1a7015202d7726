package dev.secretsync.agent;

import dev.secretsync.observability.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's metrics. The {@code secret} label is the job's name from the config (bounded, chosen
 * by the operator), never a Vault path or value.
 */
final class AgentMetrics {
  private final MeterRegistry registry;
  private final Timer duration;
  private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

  AgentMetrics(Metrics metrics) {
    this.registry = metrics.registry();
    this.duration = Timer.builder("secretsync.agent.fetch.duration").register(registry);
  }

  /** Registers a job's series so a scrape shows them before its first run. */
  void register(String job) {
    fetches(job);
    errors(job);
    renders(job);
    lastSuccess.computeIfAbsent(
        job,
        j -> {
          AtomicLong seconds = new AtomicLong();
          Gauge.builder("secretsync.agent.last.success.timestamp.seconds", seconds, AtomicLong::get)
              .tag("secret", j)
              .register(registry);
          return seconds;
        });
  }

  void fetched(String job, long nanos, boolean ok, boolean written, Clock clock) {
    fetches(job).increment();
    duration.record(nanos, TimeUnit.NANOSECONDS);
    if (!ok) {
      errors(job).increment();
      return;
    }
    if (written) {
      renders(job).increment();
    }
    lastSuccess.get(job).set(clock.instant().getEpochSecond());
  }

  private Counter fetches(String job) {
    return Counter.builder("secretsync.agent.fetch").tag("secret", job).register(registry);
  }

  private Counter errors(String job) {
    return Counter.builder("secretsync.agent.errors").tag("secret", job).register(registry);
  }

  private Counter renders(String job) {
    return Counter.builder("secretsync.agent.renders").tag("secret", job).register(registry);
  }
}
