package dev.secretsync.provider.s3;

import dev.secretsync.spi.ProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns SDK exceptions into one-line {@link ProviderException}s naming the operation, bucket, key,
 * AWS error code and request id. Messages are built from those parts only — never from a request or
 * response body, which may hold secret material.
 */
final class S3Failures {
  private S3Failures() {}

  /** The service's error code, or empty (HEAD responses have no body, hence no code). */
  static String code(AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return code == null ? "" : code;
  }

  /**
   * Whether the store refused a precondition ({@code If-Match} / {@code If-None-Match}): the object
   * is not what the run expected. A {@code 409 ConditionalRequestConflict} is not that — it asks
   * for a retry ({@link S3ConflictRetry}).
   */
  static boolean preconditionFailed(AwsServiceException e) {
    return e.statusCode() == 412 || "PreconditionFailed".equals(code(e));
  }

  /**
   * Whether the store rejected the conditional headers themselves: S3-compatible stores without
   * conditional writes answer 501 NotImplemented, or 400 naming the header.
   */
  static boolean conditionalWritesUnsupported(AwsServiceException e) {
    if (e.statusCode() == 501 || "NotImplemented".equals(code(e))) {
      return true;
    }
    if (e.statusCode() != 400) {
      return false;
    }
    String msg = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    String text = (code(e) + " " + (msg == null ? "" : msg)).toLowerCase(Locale.ROOT);
    return text.contains("if-match")
        || text.contains("if-none-match")
        || text.contains("conditional");
  }

  /** Whether the failure names a missing bucket. */
  static boolean noSuchBucket(AwsServiceException e) {
    return "NoSuchBucket".equals(code(e));
  }

  /**
   * A {@link ProviderException} for {@code e}.
   *
   * @param operation the S3 operation, e.g. {@code PutObject}
   * @param settings the store (for the bucket)
   * @param key the object key
   */
  static ProviderException of(
      String operation, S3StoreSettings settings, String key, SdkException e) {
    String where = "s3 " + operation + " " + settings.url(key) + " failed: ";
    if (e instanceof AwsServiceException ase) {
      String code = code(ase);
      List<String> details = new ArrayList<>();
      details.add(code.isEmpty() ? "no error code" : code);
      details.add("HTTP " + ase.statusCode());
      if (ase.requestId() != null && !ase.requestId().isBlank()) {
        details.add("request id " + ase.requestId());
      }
      String msg = where + explain(ase, settings) + " (" + String.join(", ", details) + ")";
      return new ProviderException("s3", operation, retryable(ase), msg, null);
    }
    // Client-side failures (connection refused, timeouts, DNS, no credentials): the SDK's message
    // names the endpoint or the credential providers tried, never a body.
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (reason.startsWith("Unable to load credentials")) {
      return new ProviderException(
          "s3",
          operation,
          false,
          where
              + "no AWS credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a"
              + " profile, or a role)",
          null);
    }
    return new ProviderException(
        "s3",
        operation,
        e instanceof SdkClientException || e.retryable(),
        where + "cannot reach the merge store: " + reason,
        null);
  }

  private static String explain(AwsServiceException e, S3StoreSettings settings) {
    String code = code(e);
    if ("NoSuchBucket".equals(code)) {
      return "bucket \"" + settings.bucket() + "\" does not exist (or is in another account)";
    }
    if ("AccessDenied".equals(code) || e.statusCode() == 403) {
      return "access denied to bucket \""
          + settings.bucket()
          + "\"; check the credentials and the bucket policy (s3:GetObject, s3:PutObject, and"
          + " s3:ListBucket — without it S3 answers 403 instead of 404 for an object not written yet)";
    }
    if (e.statusCode() == 301 || "PermanentRedirect".equals(code)) {
      return "bucket \""
          + settings.bucket()
          + "\" is not in region "
          + settings.region()
          + "; set merge_store.s3.region to the bucket's region";
    }
    if (code.startsWith("KMS")) {
      return "the KMS key of merge_store.s3.kms_key_id cannot be used";
    }
    String msg = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    return msg == null || msg.isBlank() ? "the store answered an error" : msg;
  }

  private static boolean retryable(AwsServiceException e) {
    return e.statusCode() >= 500 || e.statusCode() == 429 || e.isThrottlingException();
  }
}
