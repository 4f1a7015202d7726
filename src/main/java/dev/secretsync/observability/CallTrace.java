package dev.secretsync.observability;

/**
 * What a traced run records of one remote call while it runs; {@link Tracing#recordCall} turns it
 * into a {@code CLIENT} span when the call ends — every call with {@code tracing.calls: all}, only
 * notable ones (failed, retried, slow, or made with the breaker not closed) with {@code notable}.
 * Deciding at the end is what lets a no-op run of 10,000 reads export a handful of spans. Holds
 * names, counts and the one-line reasons the logs show; never a value or a path.
 */
final class CallTrace {
  final String operation;
  final String requestId;
  final long startNanos;
  String provider;
  int retries;
  String breakerState = "closed";
  int status;
  String error;
  String errorType;

  CallTrace(String operation, String requestId, long startNanos) {
    this.operation = operation;
    this.requestId = requestId;
    this.startNanos = startNanos;
    int dot = operation.indexOf('.');
    this.provider = dot < 0 ? operation : operation.substring(0, dot);
  }

  /** Whether the call is worth a span even when only notable calls are: it failed or struggled. */
  boolean notable(long endNanos, long slowNanos) {
    return error != null
        || retries > 0
        || !"closed".equals(breakerState)
        || endNanos - startNanos >= slowNanos;
  }
}
