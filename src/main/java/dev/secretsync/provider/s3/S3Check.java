package dev.secretsync.provider.s3;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.spi.ProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * {@code validate --check-s3}: checks the S3 merge store as a run will use it — {@code HEAD} on the
 * bucket, then a probe object under {@code <prefix>bundles/} written create-only ({@code
 * If-None-Match: *}, with the store's encryption), a second create-only write that the bucket must
 * refuse with 412 (or two concurrent runs could overwrite each other), and a delete of the probe.
 * The probe is the only write; each problem names the IAM action docs/security.md lists.
 */
public final class S3Check {
  private S3Check() {}

  /**
   * What the check found.
   *
   * @param problems failures, one line each, starting with the config path
   * @param warnings things to know that do not make the store unusable
   */
  public record Result(List<String> problems, List<String> warnings) {}

  /**
   * Checks {@code merge_store.s3} of {@code config}; an empty result when there is none.
   *
   * @param env the environment (credentials, region and endpoint fallbacks)
   */
  public static Result check(SecretSyncConfig config, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (config.mergeStore().s3() == null) {
      return new Result(problems, warnings);
    }
    String path = "merge_store.s3: ";
    S3StoreSettings s;
    try {
      s = S3StoreSettings.resolve(config.mergeStore().s3(), config.aws(), env);
    } catch (ProviderException e) {
      problems.add(path + e.getMessage());
      return new Result(problems, warnings);
    }
    String bucketArn = "arn:aws:s3:::" + s.bucket();
    String probe = s.prefix() + "bundles/.secretsync-preflight-" + UUID.randomUUID();
    try (SdkHttpClient http = ApacheHttpClient.builder().build();
        S3Client s3 = S3Clients.create(s, env, http, new ExecutionInterceptor() {})) {
      try {
        s3.headBucket(r -> r.bucket(s.bucket()));
      } catch (AwsServiceException e) {
        problems.add(
            path
                + (e.statusCode() == 404
                    ? "bucket " + s.bucket() + " does not exist (in " + s.region() + ")"
                    : e.statusCode() == 403
                        ? "HEAD on bucket "
                            + s.bucket()
                            + " denied: the role needs s3:ListBucket on "
                            + bucketArn
                            + " (docs/security.md, S3 merge store)"
                        : "HEAD on bucket " + s.bucket() + " failed: " + message(e)));
        return new Result(problems, warnings);
      }
      String objectArn = bucketArn + "/" + s.prefix() + "bundles/*";
      try {
        put(s3, s, probe);
      } catch (AwsServiceException e) {
        problems.add(
            path
                + (e.statusCode() == 403
                    ? "writing "
                        + s.url(probe)
                        + " denied: the role needs s3:PutObject on "
                        + objectArn
                        + (s.kmsKeyId().isEmpty()
                            ? ""
                            : " and kms:GenerateDataKey on " + s.kmsKeyId())
                        + " (docs/security.md, S3 merge store)"
                    : "writing " + s.url(probe) + " failed: " + message(e)));
        return new Result(problems, warnings);
      }
      try {
        s3.getObjectAsBytes(r -> r.bucket(s.bucket()).key(probe));
      } catch (AwsServiceException e) {
        problems.add(
            path
                + (e.statusCode() == 403
                    ? "reading "
                        + s.url(probe)
                        + " denied: the role needs s3:GetObject on "
                        + objectArn
                        + (s.kmsKeyId().isEmpty() ? "" : " and kms:Decrypt on " + s.kmsKeyId())
                        + " (docs/security.md, S3 merge store)"
                    : "reading " + s.url(probe) + " failed: " + message(e)));
      }
      try {
        put(s3, s, probe);
        problems.add(
            path
                + "the bucket accepted a second create-only write (If-None-Match: *) of "
                + s.url(probe)
                + ": it does not honour conditional writes, so two concurrent runs could"
                + " overwrite each other's bundles; use S3 or a store that supports them");
      } catch (AwsServiceException e) {
        if (!S3Failures.preconditionFailed(e)) {
          problems.add(path + "conditional write probe failed: " + message(e));
        }
      }
      try {
        s3.deleteObject(r -> r.bucket(s.bucket()).key(probe));
      } catch (SdkException e) {
        // Only the probe's own name needs DeleteObject; a left-behind probe must be reported.
        problems.add(
            path
                + "removing the probe "
                + s.url(probe)
                + " failed ("
                + message(e)
                + "): the role needs s3:DeleteObject on "
                + bucketArn
                + "/"
                + s.prefix()
                + "bundles/.secretsync-preflight-*"
                + " (docs/security.md, S3 merge store); delete the probe by hand");
      }
    } catch (SdkException e) {
      problems.add(path + "cannot reach s3://" + s.bucket() + ": " + message(e));
    }
    return new Result(problems, warnings);
  }

  private static void put(S3Client s3, S3StoreSettings s, String key) {
    PutObjectRequest.Builder req =
        PutObjectRequest.builder().bucket(s.bucket()).key(key).ifNoneMatch("*");
    if (s.kmsKeyId().isEmpty()) {
      req.serverSideEncryption(ServerSideEncryption.AES256);
    } else {
      req.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(s.kmsKeyId());
    }
    s3.putObject(req.build(), RequestBody.fromString("{}"));
  }

  private static String message(SdkException e) {
    if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
      return a.awsErrorDetails().errorCode() + ": " + a.awsErrorDetails().errorMessage();
    }
    return e.getMessage();
  }
}
