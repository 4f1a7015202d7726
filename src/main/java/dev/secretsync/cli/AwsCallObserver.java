package dev.secretsync.cli;

import dev.secretsync.observability.Metrics;
import dev.secretsync.observability.RequestContext;
import dev.secretsync.resilience.Breaker;
import dev.secretsync.resilience.Breakers;
import dev.secretsync.resilience.CircuitOpenException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Wraps every AWS SDK call of one service endpoint — once per logical call, around the SDK's own
 * retries: the endpoint's circuit breaker (fail fast while open), a request id in the log MDC,
 * metrics, a DEBUG line when it starts, and on failure a suppressed {@link CallContext} that
 * carries the standard {@code [req=…] op at path "…" after Nms (retries: n)} prefix while keeping
 * the SDK exception (and its AWS request id) as it is.
 */
final class AwsCallObserver implements ExecutionInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(AwsCallObserver.class);
  private static final ExecutionAttribute<Long> START =
      new ExecutionAttribute<>("secretsync.start");
  private static final ExecutionAttribute<Integer> ATTEMPTS =
      new ExecutionAttribute<>("secretsync.attempts");
  private static final ExecutionAttribute<Boolean> PERMITTED =
      new ExecutionAttribute<>("secretsync.permitted");
  private static final ExecutionAttribute<RequestContext> CONTEXT =
      new ExecutionAttribute<>("secretsync.ctx");

  private final String breakerName;
  private final String service;
  private final Breakers breakers;
  private final Metrics metrics;
  private final LongAdder throttled;

  /**
   * @param breakerName e.g. {@code aws:secretsmanager:111111111111:us-east-1}
   * @param service metric label, e.g. {@code secretsmanager}
   */
  AwsCallObserver(
      String breakerName, String service, Breakers breakers, Metrics metrics, LongAdder throttled) {
    this.breakerName = breakerName;
    this.service = service;
    this.breakers = breakers;
    this.metrics = metrics;
    this.throttled = throttled;
  }

  /**
   * Counts throttled attempts (HTTP 429, or an {@code x-amzn-ErrorType} of {@code
   * ThrottlingException} as the AWS JSON protocol sends it): retries absorb them, so each is logged
   * only at debug and the run summarises them once at the end.
   */
  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attrs) {
    SdkHttpResponse r = context.httpResponse();
    boolean throttling =
        r.statusCode() == 429
            || r.firstMatchingHeader("x-amzn-ErrorType")
                .filter(t -> t.startsWith("ThrottlingException") || t.startsWith("Throttling:"))
                .isPresent();
    if (throttling) {
      throttled.increment();
    }
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attrs) {
    String op = operation(attrs);
    RequestContext rc = RequestContext.open(op, path(context.request()));
    rc.provider("aws");
    attrs.putAttribute(CONTEXT, rc);
    attrs.putAttribute(START, System.nanoTime());
    attrs.putAttribute(ATTEMPTS, 0);
    LOG.debug("{} started", op);
    if (!breakers.enabled()) {
      return;
    }
    try {
      rc.breakerState(breakers.of(breakerName).state());
      breakers.of(breakerName).acquire();
      attrs.putAttribute(PERMITTED, true);
    } catch (CircuitOpenException e) {
      rc.close();
      throw e;
    }
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attrs) {
    Integer n = attrs.getAttribute(ATTEMPTS);
    attrs.putAttribute(ATTEMPTS, n == null ? 1 : n + 1);
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attrs) {
    long nanos = elapsed(attrs);
    if (Boolean.TRUE.equals(attrs.getAttribute(PERMITTED))) {
      breakers.of(breakerName).answered(nanos);
    }
    String op = attrs.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    metrics.awsRequest(service, op, nanos, false);
    if (op != null && op.startsWith("List")) {
      metrics.awsPage();
    }
    RequestContext rc = attrs.getAttribute(CONTEXT);
    if (rc != null) {
      rc.retries(retries(attrs));
      rc.status(context.httpResponse().statusCode());
    }
    close(attrs);
  }

  @Override
  public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attrs) {
    Throwable e = context.exception();
    long nanos = elapsed(attrs);
    if (attrs.getAttribute(CONTEXT) != null) {
      if (Boolean.TRUE.equals(attrs.getAttribute(PERMITTED))) {
        Breaker breaker = breakers.of(breakerName);
        if (isTransient(e)) {
          breaker.failed(nanos, e);
        } else {
          breaker.answered(nanos);
        }
      }
      metrics.awsRequest(
          service, attrs.getAttribute(SdkExecutionAttribute.OPERATION_NAME), nanos, true);
      RequestContext rc = attrs.getAttribute(CONTEXT);
      if (rc != null) {
        int retries = retries(attrs);
        e.addSuppressed(
            new CallContext(
                rc.describeFailure(operation(attrs), path(context.request()), retries, "")));
        String line = e.getSuppressed()[e.getSuppressed().length - 1].getMessage() + reason(e);
        rc.retries(retries);
        if (notFound(e)) {
          LOG.debug("{}", line); // "not there (yet)" is an answer, e.g. the first run's HEAD
        } else {
          rc.failed(e, reason(e));
          if (e instanceof AwsServiceException ase && ase.isThrottlingException()) {
            LOG.debug("{} (the change is retried)", line); // throttling is paced and retried
          } else {
            LOG.error("{}", line);
          }
        }
      }
    }
    close(attrs);
    return e;
  }

  private static String reason(Throwable e) {
    if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
      return ase.awsErrorDetails().errorCode() + " (aws request id " + ase.requestId() + ")";
    }
    return e.getClass().getSimpleName();
  }

  /**
   * "Not there (yet)": S3's 404 and Secrets Manager's {@code ResourceNotFoundException}, which AWS
   * sends with HTTP 400. Callers turn it into their own message when it matters.
   */
  private static boolean notFound(Throwable e) {
    return e instanceof AwsServiceException ase
        && (ase.statusCode() == 404
            || (ase.awsErrorDetails() != null
                && "ResourceNotFoundException".equals(ase.awsErrorDetails().errorCode())));
  }

  /** 5xx, throttling, timeouts and connection errors count against the endpoint; 4xx do not. */
  static boolean isTransient(Throwable e) {
    if (e instanceof AwsServiceException ase) {
      return ase.statusCode() >= 500 || ase.isThrottlingException();
    }
    return e instanceof SdkClientException;
  }

  private String operation(ExecutionAttributes attrs) {
    return service + "." + attrs.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
  }

  private static String path(software.amazon.awssdk.core.SdkRequest request) {
    for (String field : new String[] {"SecretId", "Name", "Key"}) {
      try {
        var v = request.getValueForField(field, String.class);
        if (v.isPresent()) {
          return v.get();
        }
      } catch (RuntimeException ignored) {
        // the request has no such field
      }
    }
    return null;
  }

  private static int retries(ExecutionAttributes attrs) {
    Integer attempts = attrs.getAttribute(ATTEMPTS);
    return Math.max(0, (attempts == null ? 1 : attempts) - 1);
  }

  private static long elapsed(ExecutionAttributes attrs) {
    Long start = attrs.getAttribute(START);
    return start == null ? 0 : System.nanoTime() - start;
  }

  private static void close(ExecutionAttributes attrs) {
    RequestContext rc = attrs.getAttribute(CONTEXT);
    if (rc != null) {
      rc.close();
      attrs.putAttribute(CONTEXT, null);
    }
  }

  /** The call's context, attached to a failed call's exception as a suppressed exception. */
  static final class CallContext extends RuntimeException {
    CallContext(String prefix) {
      super(prefix, null, false, false);
    }
  }
}
