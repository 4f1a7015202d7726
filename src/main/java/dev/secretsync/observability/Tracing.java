package dev.secretsync.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The process's tracer. Off (the default) it holds no tracer and {@link #start} returns {@link
 * TraceSpan#NONE}: no SDK is loaded and a span costs a volatile read. {@link TracingSetup} installs
 * a tracer for a traced run.
 *
 * <p>Spans of a run: {@code secretsync.run} → {@code source} (one per source read) and {@code
 * target} → phase ({@code merge}, {@code plan}, {@code apply}) → remote call ({@code vault.read},
 * {@code secretsmanager.PutSecretValue}, {@code github.actions.put}). A span started on a thread
 * with no current span becomes a child of the run span, so a run is always one trace.
 */
public final class Tracing {
  /** The tracer of a traced run; null when off, so an untraced run loads no OpenTelemetry class. */
  private static volatile Active active;

  private Tracing() {}

  /** Whether spans are recorded. */
  public static boolean enabled() {
    return active != null;
  }

  static void install(OpenTelemetry o) {
    active = new Active(o);
  }

  static void uninstall() {
    active = null;
  }

  /**
   * Starts the span of a whole run, a child of the caller's {@code TRACEPARENT}/{@code TRACESTATE}
   * (W3C trace context, as CI systems pass it) when {@code env} has one, or of the current span
   * when there is one (a command that makes several runs).
   */
  public static TraceSpan startRun(String name, Map<String, String> env) {
    Active a = active;
    return a == null ? TraceSpan.NONE : a.startRun(name, env);
  }

  /** Starts an internal span, a child of the current one (else of the run). */
  public static TraceSpan start(String name) {
    Active a = active;
    return a == null ? TraceSpan.NONE : a.start(name, SpanKind.INTERNAL);
  }

  /** Starts the span of one remote call, a child of the current span (else of the run). */
  public static TraceSpan startCall(String name) {
    Active a = active;
    return a == null ? TraceSpan.NONE : a.start(name, SpanKind.CLIENT);
  }

  /**
   * {@code pool}, passing the submitter's trace context to each task (so a read fanned out on the
   * I/O pool stays a child of its target's span); with tracing off it is {@code pool} itself.
   */
  public static ExecutorService propagating(ExecutorService pool) {
    return active == null ? pool : Context.taskWrapping(pool);
  }

  /** The tracer and the run's context while tracing is on. */
  private static final class Active {
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

    private final OpenTelemetry otel;
    private final Tracer tracer;
    private volatile Context runContext = Context.root();

    Active(OpenTelemetry otel) {
      this.otel = otel;
      this.tracer = otel.getTracer("dev.secretsync");
    }

    TraceSpan startRun(String name, Map<String, String> env) {
      // Inside a command's own span (apply checks, then applies): a child of it, same trace.
      Context parent =
          Span.fromContextOrNull(Context.current()) != null
              ? Context.current()
              : otel.getPropagators()
                  .getTextMapPropagator()
                  .extract(Context.root(), env, ENV_GETTER);
      Span span =
          tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.INTERNAL).startSpan();
      runContext = parent.with(span);
      return new TraceSpan(span, runContext.makeCurrent());
    }

    TraceSpan start(String name, SpanKind kind) {
      Context parent = Context.current();
      if (Span.fromContextOrNull(parent) == null) {
        parent = runContext;
      }
      Span span = tracer.spanBuilder(name).setParent(parent).setSpanKind(kind).startSpan();
      return new TraceSpan(span, parent.with(span).makeCurrent());
    }
  }
}
