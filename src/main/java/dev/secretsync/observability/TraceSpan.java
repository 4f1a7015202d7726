package dev.secretsync.observability;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

/**
 * One span of a traced run, current on this thread until closed, with {@code trace_id} and {@code
 * span_id} in the MDC so log lines correlate. {@link #NONE} does nothing: with tracing off every
 * call is a field read and a return. Attribute values are names and counts, never secret values.
 */
public final class TraceSpan implements AutoCloseable {
  /** The span of a run that is not traced. */
  public static final TraceSpan NONE = new TraceSpan(null, null, false);

  private final Span span;
  private final Scope scope;
  private final boolean root;
  private final String previousTraceId;
  private final String previousSpanId;

  /**
   * @param scope the scope that made the span current, or null for a leaf (a remote call's span has
   *     no children: not making it current saves two thread-local swaps per call)
   * @param root whether this span starts the trace on this thread; only then is {@code trace_id}
   *     put in the MDC (tasks inherit the submitter's MDC, so children need only {@code span_id})
   */
  TraceSpan(Span span, Scope scope, boolean root) {
    this.span = span;
    this.scope = scope;
    this.root = root;
    if (span == null) {
      previousTraceId = null;
      previousSpanId = null;
      return;
    }
    previousTraceId = root ? MDC.get("trace_id") : null;
    previousSpanId = MDC.get("span_id");
    if (root) {
      MDC.put("trace_id", span.getSpanContext().getTraceId());
    }
    MDC.put("span_id", span.getSpanContext().getSpanId());
  }

  /** Sets a string attribute (a name, never a value); returns this. */
  public TraceSpan set(String key, String value) {
    if (span != null && value != null) {
      span.setAttribute(AttributeKey.stringKey(key), value);
    }
    return this;
  }

  /** Sets a count attribute; returns this. */
  public TraceSpan set(String key, long value) {
    if (span != null) {
      span.setAttribute(AttributeKey.longKey(key), value);
    }
    return this;
  }

  /** Sets a flag attribute; returns this. */
  public TraceSpan set(String key, boolean value) {
    if (span != null) {
      span.setAttribute(AttributeKey.booleanKey(key), value);
    }
    return this;
  }

  /**
   * Marks the span failed with {@code description} (the same one-line message the logs show, the
   * secret paths it names replaced: {@link SpanText}). The exception's stack is not recorded:
   * provider messages are vetted to carry no value, stacks of third-party exceptions are not.
   */
  public TraceSpan error(String description) {
    if (span != null) {
      span.setStatus(StatusCode.ERROR, SpanText.withoutPaths(description));
      span.addEvent("exception");
    }
    return this;
  }

  /** Marks the span failed with the exception's type and the project's one-line description. */
  public TraceSpan error(Throwable e, String description) {
    if (span != null) {
      span.setAttribute(AttributeKey.stringKey("exception.type"), e.getClass().getName());
      error(description);
    }
    return this;
  }

  /** The W3C trace id, or empty when the run is not traced. */
  public String traceId() {
    return span == null ? "" : span.getSpanContext().getTraceId();
  }

  @Override
  public void close() {
    if (span == null) {
      return;
    }
    span.end();
    scope.close();
    if (root) {
      RequestContext.restore("trace_id", previousTraceId);
    }
    RequestContext.restore("span_id", previousSpanId);
  }
}
