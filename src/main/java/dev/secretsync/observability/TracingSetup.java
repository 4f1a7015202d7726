package dev.secretsync.observability;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Starts the OpenTelemetry SDK for a traced run and flushes it at the end. The SDK's autoconfigure
 * module reads the standard {@code OTEL_*} variables; {@code tracing:} keys are its defaults, so
 * the environment wins. Only traces are exported (metrics stay on Prometheus, logs on stderr), over
 * OTLP HTTP/protobuf. A collector that cannot be reached costs one warning, never the run.
 */
public final class TracingSetup implements AutoCloseable {
  /** Closing it changes nothing: the run was not traced. */
  public static final TracingSetup OFF = new TracingSetup(null, null, "", s -> {});

  /** The longest a run's end waits for its last spans to be exported. */
  static final int FLUSH_SECONDS = 5;

  private final OpenTelemetrySdk sdk;
  private final ExportWatch watch;
  private final String where;
  private final Consumer<String> warn;

  private TracingSetup(
      OpenTelemetrySdk sdk, ExportWatch watch, String where, Consumer<String> warn) {
    this.sdk = sdk;
    this.watch = watch;
    this.where = where;
    this.warn = warn;
  }

  /**
   * Starts tracing when {@code enabled} or the environment asks for it ({@code
   * OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} or {@code
   * OTEL_TRACES_EXPORTER=otlp}); {@code OTEL_SDK_DISABLED=true} keeps it off.
   *
   * @param endpoint the OTLP/HTTP base URL from the config, or empty
   * @param allCalls a span for every remote call, else only for notable ones
   * @param slowCall from how long a call is notable
   * @param env the process environment
   * @param warn where a failed export is reported
   */
  public static TracingSetup start(
      boolean enabled,
      String endpoint,
      String serviceName,
      boolean allCalls,
      Duration slowCall,
      Map<String, String> env,
      Consumer<String> warn) {
    if ("true".equalsIgnoreCase(env.get("OTEL_SDK_DISABLED")) || !(enabled || asked(env))) {
      return OFF;
    }
    Map<String, String> props = new HashMap<>();
    props.put("otel.traces.exporter", "otlp");
    props.put("otel.metrics.exporter", "none");
    props.put("otel.logs.exporter", "none");
    props.put("otel.exporter.otlp.protocol", "http/protobuf");
    props.put("otel.service.name", serviceName);
    if (!endpoint.isEmpty()) {
      props.put("otel.exporter.otlp.endpoint", endpoint);
    }
    // The environment the CLI was given (tests pass their own), over the config's defaults.
    env.forEach(
        (k, v) -> {
          if (k.startsWith("OTEL_")) {
            props.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v);
          }
        });
    String protocol =
        props.getOrDefault(
            "otel.exporter.otlp.traces.protocol", props.get("otel.exporter.otlp.protocol"));
    if (!"http/protobuf".equals(protocol)) {
      // The gRPC exporter needs OkHttp or grpc-java, which the executable leaves out.
      warn.accept(
          "tracing: OTLP protocol \""
              + protocol
              + "\" is not supported, so this run is not traced; unset"
              + " OTEL_EXPORTER_OTLP_PROTOCOL or set it to http/protobuf (collector port 4318)");
      return OFF;
    }
    AtomicReference<ExportWatch> watch = new AtomicReference<>();
    OpenTelemetrySdk sdk = TracingSdk.build(props, allCalls, slowCall.toNanos(), watch, warn);
    if (sdk == null) {
      return OFF;
    }
    return new TracingSetup(sdk, watch.get(), hostOf(props), warn);
  }

  private static boolean asked(Map<String, String> env) {
    return env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")
        || env.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        || "otlp".equals(env.get("OTEL_TRACES_EXPORTER"));
  }

  /** The collector's host and port for messages: a URL may carry credentials, these do not. */
  private static String hostOf(Map<String, String> props) {
    String url =
        props.getOrDefault(
            "otel.exporter.otlp.traces.endpoint",
            props.getOrDefault("otel.exporter.otlp.endpoint", "http://localhost:4318"));
    try {
      URI u = URI.create(url);
      return u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    } catch (IllegalArgumentException e) {
      return "the configured endpoint";
    }
  }

  /**
   * Exports what is left and stops the SDK, waiting at most {@link #FLUSH_SECONDS} in all: the
   * exporter retries a collector that is down with backoff, and a run must not wait on that for
   * long. A failure is one warning.
   */
  @Override
  public void close() {
    if (sdk == null) {
      return;
    }
    Tracing.uninstall();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FLUSH_SECONDS);
    CompletableResultCode flushed = sdk.getSdkTracerProvider().forceFlush();
    flushed.join(FLUSH_SECONDS, TimeUnit.SECONDS);
    long left = Math.max(TimeUnit.MILLISECONDS.toNanos(100), deadline - System.nanoTime());
    sdk.shutdown().join(left, TimeUnit.NANOSECONDS);
    String failure = watch == null ? null : watch.firstFailure();
    if (failure == null && !flushed.isSuccess()) {
      failure = "no answer within " + FLUSH_SECONDS + " s";
    }
    if (failure != null) {
      warn.accept(
          "tracing: spans could not be exported to "
              + where
              + ": "
              + failure
              + " (the run itself is unaffected; check tracing.endpoint or"
              + " OTEL_EXPORTER_OTLP_ENDPOINT)");
    }
  }
}
