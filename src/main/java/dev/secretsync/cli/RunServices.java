package dev.secretsync.cli;

import dev.secretsync.config.CircuitBreakerConfig;
import dev.secretsync.config.MetricsConfig;
import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.config.TracingConfig;
import dev.secretsync.engine.Shard;
import dev.secretsync.observability.Metrics;
import dev.secretsync.observability.MetricsServer;
import dev.secretsync.observability.PushGateway;
import dev.secretsync.observability.TracingSetup;
import dev.secretsync.resilience.BreakerSettings;
import dev.secretsync.resilience.Breakers;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/**
 * What a run shares besides providers: circuit breakers, metrics, the metrics endpoint, the push at
 * the end and tracing (started only when configured; flushed on close). Starting fails with a clear
 * message when the metrics port is taken.
 */
final class RunServices implements AutoCloseable {
  private final Breakers breakers;
  private final Metrics metrics;
  private final MetricsServer server;
  private final String pushUrl;
  private final CliContext ctx;
  private TracingSetup tracing = TracingSetup.OFF;

  private RunServices(
      Breakers breakers, Metrics metrics, MetricsServer server, String pushUrl, CliContext ctx) {
    this.breakers = breakers;
    this.metrics = metrics;
    this.server = server;
    this.pushUrl = pushUrl;
    this.ctx = ctx;
  }

  static RunServices start(SecretSyncConfig config, ObservabilityOptions o, CliContext ctx) {
    return start(config, o, ctx, false);
  }

  /** As {@link #start}, for the agent: its health server serves {@code /metrics} too. */
  static RunServices forAgent(SecretSyncConfig config, ObservabilityOptions o, CliContext ctx) {
    return start(config, o, ctx, true);
  }

  private static RunServices start(
      SecretSyncConfig config, ObservabilityOptions o, CliContext ctx, boolean scraped) {
    CircuitBreakerConfig cb = config.circuitBreaker();
    Breakers breakers =
        new Breakers(
            new BreakerSettings(
                cb.enabled(), cb.failureThreshold(), cb.window(), cb.timeout(), cb.maxRequests()),
            Clock.systemUTC());
    MetricsConfig mc = config.metrics();
    int port = o.metricsPort >= 0 ? o.metricsPort : mc.port();
    String address = o.metricsAddress != null ? o.metricsAddress : mc.address();
    String push = o.metricsPushUrl != null ? o.metricsPushUrl : mc.pushUrl();
    boolean exported = scraped || port > 0 || (push != null && !push.isEmpty());
    Metrics metrics = new Metrics(exported);
    breakers.onCreate(
        (service, breaker) ->
            metrics.breaker(service, () -> breaker.getState().name().toLowerCase(Locale.ROOT)));
    MetricsServer server = null;
    if (port > 0) {
      server = MetricsServer.start(metrics, address, port, mc.path());
    }
    return new RunServices(
        breakers, metrics, server, push == null || push.isEmpty() ? null : push, ctx);
  }

  /**
   * As {@link #start}, and traced when {@code tracing:} or the {@code OTEL_*} environment asks: for
   * the commands that are one run ({@code pipeline}, {@code apply}, {@code rollback}), whose calls
   * all hang under one run span. Others ({@code validate}, {@code history}, the agent) make calls
   * outside any run and are not traced.
   */
  static RunServices startTraced(SecretSyncConfig config, ObservabilityOptions o, CliContext ctx) {
    RunServices services = start(config, o, ctx);
    TracingConfig tc = config.tracing();
    services.tracing =
        TracingSetup.start(
            tc.enabled(),
            tc.endpoint(),
            tc.serviceName(),
            tc.allCalls(),
            tc.slowCall(),
            ctx.env(),
            w -> ctx.err().println("warning: " + w));
    return services;
  }

  Breakers breakers() {
    return breakers;
  }

  Metrics metrics() {
    return metrics;
  }

  /** Pushes the final metrics when a Pushgateway is configured; a failed push is a warning. */
  void finish(String configFile) {
    finish(configFile, null);
  }

  /**
   * As {@link #finish(String)}; a sharded run pushes under its own {@code shard} grouping key, so
   * shards do not overwrite each other's metrics.
   */
  void finish(String configFile, Shard shard) {
    if (pushUrl == null) {
      return;
    }
    String name = Path.of(configFile).getFileName().toString().replaceFirst("\\.ya?ml$", "");
    try {
      PushGateway.push(
          metrics,
          pushUrl,
          name,
          shard == null ? Map.of() : Map.of("shard", String.valueOf(shard.index())));
    } catch (RuntimeException e) {
      ctx.err().println("warning: metrics push to " + pushUrl + " failed: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    tracing.close();
    if (server != null) {
      server.close();
    }
    metrics.close();
  }
}
