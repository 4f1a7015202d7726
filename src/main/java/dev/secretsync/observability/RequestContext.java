package dev.secretsync.observability;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.MDC;

/**
 * Request ids and the logging context of one remote call. Every remote call gets a short random id
 * ({@code ab12cd34}), kept in the MDC as {@code request_id} with {@code operation} and {@code path}
 * while the call runs, so every log line of the call carries them. When the run is traced the call
 * may also become a client span named after the operation ({@link CallTrace}; attributes: provider,
 * operation, request id, retries, breaker state, status; never the path, which may name a secret).
 */
public final class RequestContext implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String requestId;
  private final String previousRequestId;
  private final String previousOperation;
  private final String previousPath;
  private final long startNanos = System.nanoTime();

  /** Null when the run is not traced. */
  private final CallTrace trace;

  /** The call's path, kept out of what its span records (may be null). */
  private final String path;

  private RequestContext(String operation, String path) {
    this.requestId = newId();
    this.previousRequestId = MDC.get("request_id");
    this.previousOperation = MDC.get("operation");
    this.previousPath = MDC.get("path");
    MDC.put("request_id", requestId);
    MDC.put("operation", operation);
    if (path != null) {
      MDC.put("path", path);
    }
    this.path = path;
    trace = Tracing.enabled() ? new CallTrace(operation, requestId, startNanos) : null;
  }

  /** Names the provider on the call's span when the operation's prefix does not (AWS services). */
  public void provider(String provider) {
    if (trace != null) {
      trace.provider = provider;
    }
  }

  /** Records how many times the call was retried (on its span). */
  public void retries(int retries) {
    if (trace != null) {
      trace.retries = retries;
    }
  }

  /** Records the circuit breaker's state when the call started (on its span). */
  public void breakerState(String state) {
    if (trace != null) {
      trace.breakerState = state;
    }
  }

  /** Records the call's failure on its span: the one-line reason the logs show, never a value. */
  public void failed(Throwable e, String reason) {
    if (trace != null) {
      trace.errorType = e.getClass().getName();
      trace.error = withoutPath(reason);
    }
  }

  /** Records a failed answer on the call's span: the one-line reason the logs show. */
  public void failed(String reason) {
    if (trace != null) {
      trace.error = withoutPath(reason);
    }
  }

  /**
   * The reason as the span keeps it: the one-line messages the logs show name the call's path (a
   * Vault secret's path, a GitHub secret's name in the URL), which spans never carry.
   */
  private String withoutPath(String reason) {
    String text =
        path == null || path.isEmpty() || reason == null ? reason : reason.replace(path, "<path>");
    return SpanText.withoutPaths(text);
  }

  /** Records an HTTP status of the answer (on its span). */
  public void status(int status) {
    if (trace != null) {
      trace.status = status;
    }
  }

  /** Opens the context of one call; close it when the call ends. */
  public static RequestContext open(String operation, String path) {
    return new RequestContext(operation, path);
  }

  /** A new 8-hex-digit id. */
  public static String newId() {
    byte[] b = new byte[4];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** This call's id. */
  public String requestId() {
    return requestId;
  }

  /** Milliseconds since the call started. */
  public long elapsedMillis() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /**
   * The standard failure line: {@code [req=ab12cd34] vault.list at path "x" after 1250ms (retries:
   * 2): permission denied}.
   */
  public String describeFailure(String operation, String path, int retries, String reason) {
    return "[req="
        + requestId
        + "] "
        + operation
        + (path == null ? "" : " at path \"" + path + "\"")
        + " after "
        + elapsedMillis()
        + "ms (retries: "
        + retries
        + "): "
        + reason;
  }

  @Override
  public void close() {
    if (trace != null) {
      Tracing.recordCall(trace, System.nanoTime());
    }
    restore("request_id", previousRequestId);
    restore("operation", previousOperation);
    restore("path", previousPath);
  }

  /** Puts {@code key} back as it was: {@code value}, or absent when null (also for spans). */
  static void restore(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
