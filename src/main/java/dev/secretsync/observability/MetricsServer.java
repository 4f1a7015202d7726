package dev.secretsync.observability;

import java.util.Map;

/**
 * Serves {@code /metrics} (Prometheus text format) and {@code /health} while a run lasts. Binds to
 * 127.0.0.1 unless told otherwise, so metrics are not exposed by accident.
 */
public final class MetricsServer implements AutoCloseable {
  private final ProbeServer server;

  private MetricsServer(ProbeServer server) {
    this.server = server;
  }

  /**
   * Starts the server.
   *
   * @throws IllegalStateException naming the address when the port is in use or not bindable
   */
  public static MetricsServer start(Metrics metrics, String address, int port, String path) {
    ProbeServer.Reply ok = new ProbeServer.Reply(200, "text/plain", "ok\n");
    return new MetricsServer(
        ProbeServer.start(
            address,
            port,
            "metrics",
            "choose another --metrics-port",
            "secretsync-metrics",
            Map.of(
                path,
                () -> new ProbeServer.Reply(200, ProbeServer.PROMETHEUS, metrics.scrape()),
                "/health",
                () -> ok,
                "/ready",
                () -> ok)));
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
