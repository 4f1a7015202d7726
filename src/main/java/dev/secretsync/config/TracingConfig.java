package dev.secretsync.config;

/**
 * {@code tracing:}: OpenTelemetry spans of each run, exported over OTLP (HTTP/protobuf). Off by
 * default; the standard {@code OTEL_*} environment variables also turn it on and win over these
 * keys.
 *
 * @param enabled whether runs are traced
 * @param endpoint the OTLP/HTTP collector base URL (e.g. {@code http://localhost:4318}), or empty
 *     for {@code OTEL_EXPORTER_OTLP_ENDPOINT} or the SDK default
 * @param serviceName the {@code service.name} resource attribute
 */
public record TracingConfig(boolean enabled, String endpoint, String serviceName) {
  /** No {@code tracing:} block. */
  public static final TracingConfig DEFAULT = new TracingConfig(false, "", "secretsync");
}
