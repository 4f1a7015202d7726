package dev.secretsync.observability;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Passes spans to the OTLP exporter and remembers the first failed export: the batch processor
 * drops a failed batch silently, and the run's user should hear of it once.
 */
final class ExportWatch implements SpanExporter {
  private final SpanExporter delegate;
  private final AtomicReference<String> firstFailure = new AtomicReference<>();

  ExportWatch(SpanExporter delegate) {
    this.delegate = delegate;
  }

  /** Why the first export failed, or null. */
  String firstFailure() {
    return firstFailure.get();
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    CompletableResultCode r = delegate.export(spans);
    r.whenComplete(
        () -> {
          if (!r.isSuccess()) {
            Throwable t = r.getFailureThrowable();
            firstFailure.compareAndSet(
                null, t == null || t.getMessage() == null ? "export failed" : t.getMessage());
          }
        });
    return r;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }
}
