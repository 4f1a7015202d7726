package dev.secretsync.cli;

import picocli.CommandLine.Option;

/** Logging and metrics options of {@code pipeline}; each overrides the config file. */
final class ObservabilityOptions {
  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      description = "Log format on stderr: text or json (default: logging.format, text).")
  String logFormat;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      defaultValue = "-1",
      description =
          "Serve /metrics (Prometheus) and /health on this port while the run lasts (env"
              + " METRICS_PORT; default: metrics.port, off).")
  int metricsPort;

  @Option(
      names = "--metrics-address",
      paramLabel = "ADDR",
      description = "Address for --metrics-port (default: metrics.address, 127.0.0.1).")
  String metricsAddress;

  @Option(
      names = "--metrics-push-url",
      paramLabel = "URL",
      description = "Push the final metrics to this Prometheus Pushgateway at the end of the run.")
  String metricsPushUrl;
}
