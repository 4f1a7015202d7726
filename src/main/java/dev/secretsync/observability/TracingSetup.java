package dev.secretsync.observability;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the OpenTelemetry SDK for a traced run and flushes it at the end. The SDK's autoconfigure
 * module reads the standard {@code OTEL_*} variables; {@code tracing:} keys are its defaults, so
 * the environment wins. Only traces are exported (metrics stay on Prometheus, logs on stderr), over
 * OTLP HTTP/protobuf. A collector that cannot be reached costs one warning, never the run.
 */
public final class TracingSetup implements AutoCloseable {
  /** Closing it changes nothing: the run was not traced. */
  public static final TracingSetup OFF = new TracingSetup(null, null, "", s -> {});

  /**
   * The SDK logs export failures through java.util.logging on its own threads, as multi-line stderr
   * text; {@link #close} reports them once, as a warning line of ours. Held here so the level is
   * not lost when the logger is collected.
   */
  private static final Logger SDK_EXPORT_LOG = Logger.getLogger("io.opentelemetry.exporter");

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
   * @param env the process environment
   * @param warn where a failed export is reported
   */
  public static TracingSetup start(
      boolean enabled,
      String endpoint,
      String serviceName,
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
    SDK_EXPORT_LOG.setLevel(Level.OFF);
    AtomicReference<ExportWatch> watch = new AtomicReference<>();
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> props)
            .addSpanExporterCustomizer(
                (exporter, config) -> {
                  ExportWatch w = new ExportWatch(exporter);
                  watch.set(w);
                  return w;
                })
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
    Tracing.install(sdk);
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

  /** Exports what is left (bounded by 10 s) and stops the SDK; a failure is one warning. */
  @Override
  public void close() {
    if (sdk == null) {
      return;
    }
    Tracing.uninstall();
    CompletableResultCode flushed = sdk.getSdkTracerProvider().forceFlush();
    flushed.join(10, TimeUnit.SECONDS);
    sdk.shutdown().join(10, TimeUnit.SECONDS);
    String failure = watch == null ? null : watch.firstFailure();
    if (failure == null && !flushed.isSuccess()) {
      failure = "no answer within 10 s";
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
