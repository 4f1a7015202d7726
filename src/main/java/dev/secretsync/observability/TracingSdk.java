package dev.secretsync.observability;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds the OpenTelemetry SDK of a traced run through its autoconfigure module. Apart from {@link
 * TracingSetup} so that a run that is not traced never loads (or verifies code that names) an SDK
 * class.
 */
final class TracingSdk {
  /**
   * The SDK logs export failures through java.util.logging on its own threads, as multi-line stderr
   * text; {@link TracingSetup#close} reports them once, as a warning line of ours. Held here so the
   * level is not lost when the logger is collected.
   */
  private static final Logger SDK_EXPORT_LOG = Logger.getLogger("io.opentelemetry.exporter");

  private TracingSdk() {}

  /**
   * The SDK for {@code props} ({@code otel.*} keys), its span exporter wrapped in an {@link
   * ExportWatch} put into {@code watch}, installed as {@link Tracing}'s tracer; null, after one
   * warning, when a property is invalid.
   */
  static OpenTelemetrySdk build(
      Map<String, String> props,
      boolean allCalls,
      long slowNanos,
      AtomicReference<ExportWatch> watch,
      Consumer<String> warn) {
    SDK_EXPORT_LOG.setLevel(Level.OFF);
    try {
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
      Tracing.install(sdk, allCalls, slowNanos);
      return sdk;
    } catch (ConfigurationException e) {
      // A bad OTEL_* value (an unknown sampler, a malformed endpoint): the SDK's message names it.
      warn.accept(
          "tracing: "
              + e.getMessage()
              + " — this run is not traced; fix the OTEL_* variable or the tracing: block");
      return null;
    }
  }
}
