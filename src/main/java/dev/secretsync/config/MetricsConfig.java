package dev.secretsync.config;

/**
 * {@code metrics}.
 *
 * @param port port for {@code /metrics} and {@code /health} during the run; 0 = off
 * @param address bind address
 * @param path metrics path
 * @param pushUrl Prometheus Pushgateway URL to push to at the end of a run, or empty
 */
public record MetricsConfig(int port, String address, String path, String pushUrl) {
  /** Off. */
  public static final MetricsConfig DEFAULT = new MetricsConfig(0, "127.0.0.1", "/metrics", "");
}
