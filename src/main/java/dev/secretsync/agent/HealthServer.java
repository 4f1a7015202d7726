package dev.secretsync.agent;

import dev.secretsync.observability.Metrics;
import dev.secretsync.observability.ProbeServer;
import dev.secretsync.observability.ProbeServer.Reply;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /health} (200 while the loop runs), {@code /ready} (200 or 503, with the status JSON) and
 * {@code /metrics} (Prometheus text). Starts before the first job runs, so an orchestrator sees a
 * live but unready agent while Vault is unreachable.
 */
final class HealthServer {
  private static final String JSON = "application/json";

  private HealthServer() {}

  static ProbeServer start(
      String address,
      int port,
      BooleanSupplier live,
      BooleanSupplier ready,
      Supplier<String> status,
      Metrics metrics) {
    return ProbeServer.start(
        address,
        port,
        "agent health",
        "set agent.health.port",
        "secretsync-agent-health",
        Map.of(
            "/health",
            () ->
                live.getAsBoolean()
                    ? new Reply(200, JSON, "{\"status\":\"ok\"}\n")
                    : new Reply(503, JSON, "{\"status\":\"stopping\"}\n"),
            "/ready",
            () -> new Reply(ready.getAsBoolean() ? 200 : 503, JSON, status.get()),
            "/metrics",
            () -> new Reply(200, ProbeServer.PROMETHEUS, metrics.scrape())));
  }
}
