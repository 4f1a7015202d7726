package dev.secretsync.provider.s3;

import dev.secretsync.spi.ProviderException;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * S3's {@code 409 ConditionalRequestConflict} on a conditional PUT means "try again", not "someone
 * else won": the PutObject reference says "If a conflicting operation occurs during the upload S3
 * returns a 409 ConditionalRequestConflict response. On a 409 failure you should fetch the object's
 * ETag and retry the upload" (If-Match; for If-None-Match: "On a 409 failure, retry the upload").
 * Only {@code 412 Precondition Failed} says the object is no longer what this run saw. The SDK's
 * retry policy does not retry a 409, so the stores do: at most {@link #MAX_RETRIES} times, after a
 * jittered exponential pause, re-checking the condition before each attempt.
 */
final class S3ConflictRetry {
  /** Retries after the first 409; the pauses add up to at most about 1.5 s. */
  static final int MAX_RETRIES = 4;

  private static final long BASE_MILLIS = 100;

  private S3ConflictRetry() {}

  /** Whether {@code e} is S3's "a conflicting operation occurred, retry" answer. */
  static boolean isConflict(AwsServiceException e) {
    return e.statusCode() == 409 && "ConditionalRequestConflict".equals(S3Failures.code(e));
  }

  /**
   * Waits before retry number {@code retry} (0-based): half of {@code 100 ms × 2^retry} plus a
   * random part of the other half, so runs that collided do not collide again in step.
   *
   * @throws ProviderException when the thread is interrupted (the run is being stopped)
   */
  static void pause(int retry, String url) {
    long ceiling = BASE_MILLIS << Math.min(retry, 10);
    long millis = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(
          "s3", "PutObject", false, "interrupted while retrying the write of " + url, null);
    }
  }

  /** The failure after {@link #MAX_RETRIES} retries all answered 409. */
  static ProviderException exhausted(String url) {
    return new ProviderException(
        "s3",
        "PutObject",
        true,
        "merge store object "
            + url
            + ": S3 still answered 409 ConditionalRequestConflict (a conflicting operation on the"
            + " object) after "
            + MAX_RETRIES
            + " retries; re-run",
        null);
  }
}
