package dev.secretsync.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Locale;
import java.util.Map;

/**
 * The process's tracer. Off (the default) it holds no tracer and {@link #start} returns {@link
 * TraceSpan#NONE}: no SDK is loaded and a span costs a volatile read. {@link TracingSetup} installs
 * a tracer for a traced run.
 *
 * <p>Spans of a run: {@code secretsync.run} → {@code target} → phase ({@code merge}, {@code plan},
 * {@code apply}) → remote call ({@code vault.read}, {@code aws.secretsmanager.PutSecretValue},
 * {@code github.actions.put}). A remote call on a thread with no current span (a source read on the
 * source pool) becomes a child of the run span, so a run is always one trace.
 */
public final class Tracing {
  private static volatile Tracer tracer;
  private static volatile OpenTelemetry otel = OpenTelemetry.noop();
  private static volatile Context runContext = Context.root();

  private Tracing() {}

  /** Whether spans are recorded. */
  public static boolean enabled() {
    return tracer != null;
  }

  static void install(OpenTelemetry o) {
    otel = o;
    tracer = o.getTracer("dev.secretsync");
  }

  static void uninstall() {
    tracer = null;
    otel = OpenTelemetry.noop();
    runContext = Context.root();
  }

  /**
   * Starts the span of a whole run, a child of the caller's {@code TRACEPARENT}/{@code TRACESTATE}
   * (W3C trace context, as CI systems pass it) when {@code env} has one.
   */
  public static TraceSpan startRun(String name, Map<String, String> env) {
    Tracer t = tracer;
    if (t == null) {
      return TraceSpan.NONE;
    }
    Context parent =
        otel.getPropagators().getTextMapPropagator().extract(Context.root(), env, ENV_GETTER);
    Span span = t.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.INTERNAL).startSpan();
    runContext = parent.with(span);
    return new TraceSpan(span, runContext.makeCurrent());
  }

  /** Starts an internal span, a child of the current one (else of the run). */
  public static TraceSpan start(String name) {
    return start(name, SpanKind.INTERNAL);
  }

  /** Starts the span of one remote call, a child of the current span (else of the run). */
  public static TraceSpan startCall(String name) {
    return start(name, SpanKind.CLIENT);
  }

  private static TraceSpan start(String name, SpanKind kind) {
    Tracer t = tracer;
    if (t == null) {
      return TraceSpan.NONE;
    }
    Context parent = Context.current();
    if (Span.fromContextOrNull(parent) == null) {
      parent = runContext;
    }
    Span span = t.spanBuilder(name).setParent(parent).setSpanKind(kind).startSpan();
    return new TraceSpan(span, parent.with(span).makeCurrent());
  }

  /**
   * Wraps {@code task} so that it runs in the caller's trace context on another thread; with
   * tracing off it is {@code task} itself.
   */
  public static Runnable inCurrentContext(Runnable task) {
    return tracer == null ? task : Context.current().wrap(task);
  }

  /** Reads {@code traceparent} as {@code TRACEPARENT} (environment variables are upper case). */
  private static final TextMapGetter<Map<String, String>> ENV_GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key.toUpperCase(Locale.ROOT));
        }
      };
}
