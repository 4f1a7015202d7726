package dev.secretsync.provider.s3;

import dev.secretsync.core.FingerprintKey;
import dev.secretsync.spi.ProviderException;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The store's own fingerprint key, {@code <prefix>fingerprint-key}, encrypted like the bundles
 * beside it: whoever can read it can read the bundles anyway. Read once per run; created once, with
 * {@code If-None-Match: *}, so two first runs agree on one key.
 */
final class S3KeyObject {
  private S3KeyObject() {}

  static FingerprintKey loadOrCreate(S3Client s3, S3StoreSettings settings, boolean create) {
    String key = settings.keyObject();
    FingerprintKey existing = load(s3, settings, key);
    if (existing != null) {
      return existing;
    }
    FingerprintKey fresh = FingerprintKey.generate();
    if (!create) {
      return fresh; // a dry run: a key for this run alone
    }
    PutObjectRequest.Builder req =
        PutObjectRequest.builder()
            .bucket(settings.bucket())
            .key(key)
            .contentType("text/plain")
            .ifNoneMatch("*");
    if (settings.kmsKeyId().isEmpty()) {
      req.serverSideEncryption(ServerSideEncryption.AES256);
    } else {
      req.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(settings.kmsKeyId());
    }
    for (int retry = 0; ; retry++) {
      try {
        put(s3, req, fresh);
        return fresh;
      } catch (AwsServiceException e) {
        if (!S3ConflictRetry.isConflict(e)) {
          return afterFailedCreate(s3, settings, key, req, fresh, e);
        }
        if (retry >= S3ConflictRetry.MAX_RETRIES) {
          throw S3ConflictRetry.exhausted(settings.url(key));
        }
        // 409 asks for a retry; a key another run stored meanwhile is the key.
        S3ConflictRetry.pause(retry, settings.url(key));
        FingerprintKey theirs = load(s3, settings, key);
        if (theirs != null) {
          return theirs;
        }
      } catch (SdkException e) {
        throw S3Failures.of("PutObject", settings, key, e);
      }
    }
  }

  private static FingerprintKey afterFailedCreate(
      S3Client s3,
      S3StoreSettings settings,
      String key,
      PutObjectRequest.Builder req,
      FingerprintKey fresh,
      AwsServiceException e) {
    try {
      if (S3Failures.conditionalWritesUnsupported(e)) {
        // A store without conditional writes (the bundle writes warn about it): a plain PUT.
        put(s3, req.ifNoneMatch(null), fresh);
        FingerprintKey stored = load(s3, settings, key);
        return stored != null ? stored : fresh;
      }
      if (!S3Failures.preconditionFailed(e)) {
        throw S3Failures.of("PutObject", settings, key, e);
      }
      // Another run created it first: its key is the key.
    } catch (SdkException plain) {
      throw S3Failures.of("PutObject", settings, key, plain);
    }
    FingerprintKey theirs = load(s3, settings, key);
    if (theirs == null) {
      throw new ProviderException(
          "s3", "GetObject", true, settings.url(key) + " vanished while it was created; re-run");
    }
    return theirs;
  }

  private static void put(S3Client s3, PutObjectRequest.Builder req, FingerprintKey key) {
    s3.putObject(req.build(), RequestBody.fromString(key.encoded(), StandardCharsets.US_ASCII));
  }

  private static FingerprintKey load(S3Client s3, S3StoreSettings settings, String key) {
    String text;
    try {
      text = s3.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(key)).asUtf8String();
    } catch (NoSuchKeyException e) {
      return null;
    } catch (SdkException e) {
      throw S3Failures.of("GetObject", settings, key, e);
    }
    try {
      return FingerprintKey.decode(text);
    } catch (IllegalArgumentException e) {
      throw new ProviderException(
          "s3",
          "GetObject",
          false,
          settings.url(key)
              + " is damaged ("
              + e.getMessage()
              + "); delete it to let secretsync make a new key (the next run rewrites every"
              + " bundle once)");
    }
  }
}
