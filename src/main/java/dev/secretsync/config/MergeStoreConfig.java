package dev.secretsync.config;

/**
 * Where merged bundles are kept ({@code merge_store}): at most one of the fields is set; none means
 * {@code memory} (the bundles live for the run only).
 *
 * @param s3 an S3 bucket
 * @param directory a local directory (plaintext; for development)
 * @param vault a Vault KV v2 mount
 * @param history how many saved versions of each bundle a persistent store keeps
 */
public record MergeStoreConfig(S3 s3, Directory directory, Vault vault, History history) {

  /** The memory store. */
  public static final MergeStoreConfig MEMORY = new MergeStoreConfig(null, null, null);

  /** Fills the default history. */
  public MergeStoreConfig {
    history = history == null ? History.DEFAULT : history;
  }

  /** A store with the default history ({@code keep: 50}). */
  public MergeStoreConfig(S3 s3, Directory directory, Vault vault) {
    this(s3, directory, vault, History.DEFAULT);
  }

  /** {@code s3}, {@code directory}, {@code vault} or {@code memory}. */
  public String kind() {
    if (s3 != null) {
      return "s3";
    }
    if (directory != null) {
      return "directory";
    }
    return vault != null ? "vault" : "memory";
  }

  /**
   * {@code merge_store.s3}.
   *
   * @param bucket bucket name
   * @param prefix key prefix, e.g. {@code merged/}
   * @param region bucket region, or empty for {@code aws.region}
   * @param kmsKeyId SSE-KMS key, or empty for SSE-S3 (AES256)
   * @param endpoint S3-compatible endpoint, or empty
   * @param pathStyle path-style addressing (for S3-compatible stores)
   */
  public record S3(
      String bucket,
      String prefix,
      String region,
      String kmsKeyId,
      String endpoint,
      boolean pathStyle) {}

  /** {@code merge_store.directory}. @param path the directory, relative to the config file */
  public record Directory(String path) {}

  /** {@code merge_store.vault}. @param mount a KV v2 mount */
  public record Vault(String mount) {}

  /**
   * {@code merge_store.history}: every save that changes a bundle records a version; the oldest
   * beyond {@code keep} are pruned after a successful save.
   *
   * @param keep versions kept per target; 0 keeps no history
   */
  public record History(int keep) {
    /** {@code keep: 50}. */
    public static final History DEFAULT = new History(50);

    /** Whether versions are recorded at all. */
    public boolean enabled() {
      return keep > 0;
    }
  }
}
