package dev.secretsync.provider.s3;

import dev.secretsync.config.AwsConfig;
import dev.secretsync.config.MergeStoreConfig;
import dev.secretsync.spi.ProviderException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Writes a run's audit lines to {@code audit.s3} as one object per run, {@code
 * <prefix><yyyy>/<MM>/<dd>/<time>-<run id>.jsonl}, never overwriting an object (so a bucket with
 * Object Lock or a deny-overwrite policy keeps every run's record).
 */
public final class S3AuditArchive {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy/MM/dd/").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private S3AuditArchive() {}

  /** The object key of a run's audit object under {@code prefix}. */
  static String key(String prefix, Instant time, String runId) {
    return prefix + DAY.format(time) + TIME.format(time) + "-" + runId + ".jsonl";
  }

  /**
   * Puts the run's lines as one object.
   *
   * @param config {@code audit.s3}
   * @param aws {@code aws} (region and endpoint fallbacks)
   * @param env the run's environment (credentials, region)
   * @param http the HTTP client to use (not closed here)
   * @param time when the run started
   * @param runId the run's id
   * @param jsonLines the lines, each one JSON object, newline-terminated
   * @return the object's {@code s3://} URL
   * @throws ProviderException when the object could not be written, with a one-line reason
   */
  public static String put(
      MergeStoreConfig.S3 config,
      AwsConfig aws,
      Map<String, String> env,
      SdkHttpClient http,
      Instant time,
      String runId,
      String jsonLines) {
    S3StoreSettings settings = S3StoreSettings.resolve(config, aws, env);
    String key = key(settings.prefix(), time, runId);
    PutObjectRequest.Builder req =
        PutObjectRequest.builder()
            .bucket(settings.bucket())
            .key(key)
            .contentType("application/x-ndjson")
            .ifNoneMatch("*");
    if (settings.kmsKeyId().isEmpty()) {
      req.serverSideEncryption(ServerSideEncryption.AES256);
    } else {
      req.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(settings.kmsKeyId());
    }
    try (S3Client s3 = S3Clients.create(settings, env, http, new ExecutionInterceptor() {})) {
      s3.putObject(req.build(), RequestBody.fromString(jsonLines, StandardCharsets.UTF_8));
      return settings.url(key);
    } catch (AwsServiceException e) {
      String code = S3Failures.code(e);
      String hint =
          e.statusCode() == 403
              ? "; the run's credentials need s3:PutObject on the bucket"
              : e.statusCode() == 404 ? "; check audit.s3.bucket and its region" : "";
      throw new ProviderException(
          "s3",
          "PutObject",
          false,
          "audit.s3: PutObject "
              + settings.url(key)
              + " failed: "
              + (code.isEmpty()
                  ? "HTTP " + e.statusCode()
                  : code + " (HTTP " + e.statusCode() + ")")
              + hint,
          null);
    } catch (SdkException e) {
      throw new ProviderException(
          "s3",
          "PutObject",
          true,
          "audit.s3: PutObject " + settings.url(key) + " failed: " + e.getMessage(),
          null);
    }
  }
}
