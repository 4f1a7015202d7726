package dev.secretsync.config;

import java.time.Duration;

/**
 * {@code tracing:}: OpenTelemetry spans of each run, exported over OTLP (HTTP/protobuf). Off by
 * default; the standard {@code OTEL_*} environment variables also turn it on and win over these
 * keys.
 *
 * @param enabled whether runs are traced
 * @param endpoint the OTLP/HTTP collector base URL (e.g. {@code http://localhost:4318}), or empty
 *     for {@code OTEL_EXPORTER_OTLP_ENDPOINT} or the SDK default
 * @param serviceName the {@code service.name} resource attribute
 * @param calls which remote calls become spans: {@code notable} (failed, retried, slow, or with the
 *     circuit breaker not closed) or {@code all}
 * @param slowCall from how long a call is notable
 */
public record TracingConfig(
    boolean enabled, String endpoint, String serviceName, String calls, Duration slowCall) {
  /** No {@code tracing:} block. */
  public static final TracingConfig DEFAULT =
      new TracingConfig(false, "", "secretsync", "notable", Duration.ofMillis(500));

  /** Whether every remote call is a span ({@code calls: all}). */
  public boolean allCalls() {
    return "all".equals(calls);
  }
}
