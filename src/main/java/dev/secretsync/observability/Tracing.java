package dev.secretsync.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

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

  /**
   * Starts recording spans.
   *
   * @param allCalls a span for every remote call, else only for notable ones ({@link CallTrace})
   * @param slowNanos from how long a call is notable
   */
  static void install(OpenTelemetry o, boolean allCalls, long slowNanos) {
    active = new Active(o, allCalls, slowNanos);
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
    return a == null ? TraceSpan.NONE : a.start(name);
  }

  /**
   * Ends one remote call: a {@code CLIENT} span when every call is recorded or this one is notable.
   */
  static void recordCall(CallTrace call, long endNanos) {
    Active a = active;
    if (a != null) {
      a.recordCall(call, endNanos);
    }
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
    private static final AttributeKey<String> PROVIDER =
        AttributeKey.stringKey("secretsync.provider");
    private static final AttributeKey<String> OPERATION =
        AttributeKey.stringKey("secretsync.operation");
    private static final AttributeKey<String> REQUEST_ID =
        AttributeKey.stringKey("secretsync.request_id");
    private static final AttributeKey<Long> RETRIES = AttributeKey.longKey("secretsync.retries");
    private static final AttributeKey<String> BREAKER =
        AttributeKey.stringKey("secretsync.breaker.state");
    private static final AttributeKey<Long> STATUS =
        AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> EXCEPTION_TYPE =
        AttributeKey.stringKey("exception.type");

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
    private final boolean allCalls;
    private final long slowNanos;

    /** System.nanoTime() and the epoch at the same instant: calls' spans get explicit times. */
    private final long anchorNanos = System.nanoTime();

    private final long anchorEpochNanos = epochNanosNow();
    private volatile Context runContext = Context.root();

    Active(OpenTelemetry otel, boolean allCalls, long slowNanos) {
      this.otel = otel;
      this.tracer = otel.getTracer("dev.secretsync");
      this.allCalls = allCalls;
      this.slowNanos = slowNanos;
    }

    private static long epochNanosNow() {
      Instant now = Instant.now();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private long epochNanos(long nanoTime) {
      return anchorEpochNanos + (nanoTime - anchorNanos);
    }

    void recordCall(CallTrace c, long endNanos) {
      if (!allCalls && !c.notable(endNanos, slowNanos)) {
        return;
      }
      Context parent = Context.current();
      if (Span.fromContextOrNull(parent) == null) {
        parent = runContext;
      }
      SpanBuilder b =
          tracer
              .spanBuilder(c.operation)
              .setParent(parent)
              .setSpanKind(SpanKind.CLIENT)
              .setStartTimestamp(epochNanos(c.startNanos), TimeUnit.NANOSECONDS)
              .setAttribute(PROVIDER, c.provider)
              .setAttribute(OPERATION, c.operation)
              .setAttribute(REQUEST_ID, c.requestId);
      // As OpenTelemetry's http.request.resend_count: set only when there was one.
      if (c.retries > 0) {
        b.setAttribute(RETRIES, c.retries);
      }
      b.setAttribute(BREAKER, c.breakerState);
      if (c.status != 0) {
        b.setAttribute(STATUS, c.status);
      }
      Span span = b.startSpan();
      if (c.error != null) {
        if (c.errorType != null) {
          span.setAttribute(EXCEPTION_TYPE, c.errorType);
        }
        span.setStatus(StatusCode.ERROR, c.error);
        span.addEvent("exception");
      }
      span.end(epochNanos(endNanos), TimeUnit.NANOSECONDS);
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
      return new TraceSpan(span, runContext.makeCurrent(), true);
    }

    TraceSpan start(String name) {
      Context parent = Context.current();
      if (Span.fromContextOrNull(parent) == null) {
        parent = runContext;
      }
      Span span = tracer.spanBuilder(name).setParent(parent).startSpan();
      return new TraceSpan(span, parent.with(span).makeCurrent(), false);
    }
  }
}
