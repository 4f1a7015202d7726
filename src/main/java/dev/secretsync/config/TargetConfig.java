package dev.secretsync.config;

import java.util.List;
import java.util.Map;

/**
 * One target ({@code targets.<name>}). A bare list ({@code Production: [Staging]}) is shorthand for
 * {@code {imports: [Staging]}}.
 *
 * @param name the target's name
 * @param type {@code aws_secretsmanager} (default), {@code file} or {@code github}
 * @param imports sources and targets merged in this order
 * @param overrides secrets merged last, by key
 * @param namePrefix prepended to every key to form the target-side name
 * @param tags extra tags/labels for every secret (AWS)
 * @param deletion what happens to owned secrets that are no longer desired
 * @param adoptUnmanaged take over same-named secrets that we do not own
 * @param accountId AWS account (aws_secretsmanager)
 * @param region AWS region (aws_secretsmanager), empty = {@code aws.region}
 * @param roleArn role to assume (aws_secretsmanager), empty = {@code aws.role_pattern} etc.
 * @param kmsKeyId KMS key for new secrets (aws_secretsmanager)
 * @param replicaRegions regions every secret is replicated to, each with its own KMS key
 *     (aws_secretsmanager)
 * @param path output directory (file), relative to the config file
 * @param fileMode permissions of written files (file), octal, default {@code 0600}
 * @param github the {@code github:} block (github targets), or null when absent
 * @param filters which keys of the merged bundle the target syncs ({@link TargetFilters#NONE}: all)
 */
public record TargetConfig(
    String name,
    String type,
    List<String> imports,
    Map<String, Map<String, Object>> overrides,
    String namePrefix,
    Map<String, String> tags,
    Deletion deletion,
    boolean adoptUnmanaged,
    String accountId,
    String region,
    String roleArn,
    String kmsKeyId,
    List<Replica> replicaRegions,
    String path,
    String fileMode,
    GitHubConfig github,
    TargetFilters filters) {

  /** A target without filters (syncs its whole bundle). */
  public TargetConfig(
      String name,
      String type,
      List<String> imports,
      Map<String, Map<String, Object>> overrides,
      String namePrefix,
      Map<String, String> tags,
      Deletion deletion,
      boolean adoptUnmanaged,
      String accountId,
      String region,
      String roleArn,
      String kmsKeyId,
      List<Replica> replicaRegions,
      String path,
      String fileMode,
      GitHubConfig github) {
    this(
        name,
        type,
        imports,
        overrides,
        namePrefix,
        tags,
        deletion,
        adoptUnmanaged,
        accountId,
        region,
        roleArn,
        kmsKeyId,
        replicaRegions,
        path,
        fileMode,
        github,
        TargetFilters.NONE);
  }

  /** The AWS Secrets Manager target type (the default). */
  public static final String AWS_SECRETSMANAGER = "aws_secretsmanager";

  /** The local-files target type. */
  public static final String FILE = "file";

  /** The GitHub secrets target type. */
  public static final String GITHUB = "github";

  /**
   * One entry of {@code replica_regions}: a plain region string, or {@code {region, kms_key_id}}. A
   * KMS key belongs to one region, so a replica cannot reuse the primary's key.
   *
   * @param region the replica's region
   * @param kmsKeyId the KMS key in that region, empty = the region's {@code aws/secretsmanager} key
   */
  public record Replica(String region, String kmsKeyId) {}

  /**
   * {@code deletion}: what happens to owned secrets no longer in the bundle.
   *
   * @param policy {@code retain} (report as orphans) or {@code delete}
   * @param recoveryWindowDays AWS recovery window, 7–30
   * @param force delete without recovery (AWS)
   * @param maxDeletes refuse the whole target when more deletions than this are planned
   */
  public record Deletion(String policy, int recoveryWindowDays, boolean force, int maxDeletes) {
    /** retain, 7 days, no force, at most 10. */
    public static final Deletion DEFAULT = new Deletion("retain", 7, false, 10);

    /** Whether the policy deletes. */
    public boolean deletes() {
      return "delete".equals(policy);
    }
  }
}
