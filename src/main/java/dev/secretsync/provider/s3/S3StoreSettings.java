package dev.secretsync.provider.s3;

import dev.secretsync.config.AwsConfig;
import dev.secretsync.config.MergeStoreConfig;
import dev.secretsync.spi.ProviderException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the S3 merge store lives, with every fallback applied: {@code merge_store.s3} first, then
 * {@code aws.*}, then the run's environment ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL_S3}, …).
 * Holds no credentials, so it is safe to print.
 *
 * @param bucket the bucket
 * @param prefix the key prefix, empty or ending in {@code /}
 * @param region the bucket's region
 * @param kmsKeyId the SSE-KMS key, or empty for SSE-S3 (AES256)
 * @param endpoint an endpoint override (S3-compatible stores, emulators), or null for AWS
 * @param pathStyle whether to address the bucket in the path instead of the host name
 */
public record S3StoreSettings(
    String bucket, String prefix, String region, String kmsKeyId, URI endpoint, boolean pathStyle) {

  /**
   * Resolves the settings.
   *
   * @param store {@code merge_store.s3}
   * @param aws {@code aws} (region and endpoint fallbacks)
   * @param env the run's environment (never {@link System#getenv()} directly)
   * @throws ProviderException when no region is configured or the endpoint is not a URL
   */
  public static S3StoreSettings resolve(
      MergeStoreConfig.S3 store, AwsConfig aws, Map<String, String> env) {
    String bucket = store.bucket().trim();
    String region =
        first(store.region(), aws.region(), env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"))
            .orElseThrow(
                () ->
                    new ProviderException(
                        "s3",
                        "configure",
                        false,
                        "merge store s3://"
                            + bucket
                            + ": no region; set merge_store.s3.region, aws.region or"
                            + " AWS_REGION"));
    URI endpoint =
        first(
                store.endpoint(),
                aws.endpoint(),
                env.get("AWS_ENDPOINT_URL_S3"),
                env.get("AWS_ENDPOINT_URL"))
            .map(e -> endpoint(bucket, e))
            .orElse(null);
    return new S3StoreSettings(
        bucket,
        normalisePrefix(store.prefix()),
        region,
        store.kmsKeyId().trim(),
        endpoint,
        store.pathStyle());
  }

  /** The object key of {@code target}'s bundle: {@code <prefix>bundles/<target>.json}. */
  public String key(String target) {
    return prefix + "bundles/" + target + ".json";
  }

  /** The folder of {@code target}'s history entries: {@code <prefix>history/<target>/}. */
  public String historyPrefix(String target) {
    return prefix + "history/" + target + "/";
  }

  /** The object key of the store's own fingerprint key: {@code <prefix>fingerprint-key}. */
  public String keyObject() {
    return prefix + "fingerprint-key";
  }

  /** {@code s3://bucket/key}, for messages. */
  public String url(String key) {
    return "s3://" + bucket + "/" + key;
  }

  /** {@code s3://bucket/prefix}, the store's description. */
  public String location() {
    return url(prefix);
  }

  /**
   * A prefix is a folder: {@code merged} and {@code /merged/} both mean {@code merged/}, so keys
   * never come out as {@code mergedbundles/…} or with an empty first segment.
   */
  static String normalisePrefix(String prefix) {
    String p = prefix == null ? "" : prefix.trim();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p.isEmpty() || p.endsWith("/") ? p : p + "/";
  }

  private static URI endpoint(String bucket, String value) {
    try {
      URI uri = URI.create(value.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new ProviderException(
          "s3",
          "configure",
          false,
          "merge store s3://"
              + bucket
              + ": endpoint \""
              + value
              + "\" is not a URL like http://127.0.0.1:9090",
          e);
    }
  }

  private static Optional<String> first(String... values) {
    return Stream.of(values).filter(v -> v != null && !v.isBlank()).map(String::trim).findFirst();
  }
}
