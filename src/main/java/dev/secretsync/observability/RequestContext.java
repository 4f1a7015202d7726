package dev.secretsync.observability;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.MDC;

/**
 * Request ids and the logging context of one remote call. Every remote call gets a short random id
 * ({@code ab12cd34}), kept in the MDC as {@code request_id} with {@code operation} and {@code path}
 * while the call runs, so every log line of the call carries them. When the run is traced the call
 * is also a client span named after the operation (attributes: provider, operation, retries,
 * breaker state; never the path, which may name a secret).
 */
public final class RequestContext implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String requestId;
  private final String previousRequestId;
  private final String previousOperation;
  private final String previousPath;
  private final long startNanos = System.nanoTime();
  private final TraceSpan span;

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
    span = Tracing.startCall(operation);
    if (span != TraceSpan.NONE) {
      int dot = operation.indexOf('.');
      span.set("secretsync.provider", dot < 0 ? operation : operation.substring(0, dot))
          .set("secretsync.operation", operation)
          .set("secretsync.request_id", requestId);
    }
  }

  /** Names the provider on the call's span when the operation's prefix does not (AWS services). */
  public void provider(String provider) {
    span.set("secretsync.provider", provider);
  }

  /** Records how many times the call was retried (on its span). */
  public void retries(int retries) {
    span.set("secretsync.retries", retries);
  }

  /** Records the circuit breaker's state when the call started (on its span). */
  public void breakerState(String state) {
    span.set("secretsync.breaker.state", state);
  }

  /** Records the call's failure on its span: the one-line reason the logs show, never a value. */
  public void failed(Throwable e, String reason) {
    span.error(e, reason);
  }

  /** Records a failed answer on the call's span: the one-line reason the logs show. */
  public void failed(String reason) {
    span.error(reason);
  }

  /** Records an HTTP status of the answer (on its span). */
  public void status(int status) {
    span.set("http.response.status_code", status);
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
    span.close();
    restore("request_id", previousRequestId);
    restore("operation", previousOperation);
    restore("path", previousPath);
  }

  private static void restore(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
