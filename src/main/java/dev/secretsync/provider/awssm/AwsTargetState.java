package dev.secretsync.provider.awssm;

import dev.secretsync.config.AwsTagRules;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.FingerprintKey;
import dev.secretsync.spi.TargetState;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What one account/region holds, from {@code ListSecrets} (no values), plus the fingerprints of the
 * few values that had to be read (owned secrets whose current version was not written by us).
 *
 * @param location where
 * @param byName every listed secret, by name
 * @param fetched fingerprint of the current value of secrets that were read; a {@code null} value
 *     means the value is binary or not a JSON object
 * @param key the fingerprint key of this account and region (see {@link AccountKeys})
 */
record AwsTargetState(
    AwsLocation location,
    Map<String, Existing> byName,
    Map<String, Fingerprint> fetched,
    FingerprintKey key)
    implements TargetState {

  static final String MANAGED_BY = "secretsync:managed-by";
  static final String MANAGED_BY_VALUE = "secretsync";
  static final String TARGET_TAG = "secretsync:target";

  @Override
  public int size() {
    return byName.size();
  }

  /**
   * One listed secret.
   *
   * @param name its name
   * @param arn its ARN
   * @param tags its tags
   * @param currentVersionId the version holding {@code AWSCURRENT}, or null when unknown
   * @param versionIds all version ids that carry a staging label
   * @param scheduledForDeletion whether it has a deletion date
   * @param lastChanged when it was last changed in any way ({@code LastChangedDate}), or null
   * @param replicas its replicas by region from {@code DescribeSecret}, or null when not described
   *     (ListSecrets does not report replication; see {@link AwsStateReader})
   */
  record Existing(
      String name,
      String arn,
      Map<String, String> tags,
      String currentVersionId,
      Set<String> versionIds,
      boolean scheduledForDeletion,
      Instant lastChanged,
      Map<String, Replica> replicas) {

    Existing(
        String name,
        String arn,
        Map<String, String> tags,
        String currentVersionId,
        Set<String> versionIds,
        boolean scheduledForDeletion,
        Instant lastChanged) {
      this(name, arn, tags, currentVersionId, versionIds, scheduledForDeletion, lastChanged, null);
    }

    Existing(
        String name,
        String arn,
        Map<String, String> tags,
        String currentVersionId,
        Set<String> versionIds,
        boolean scheduledForDeletion) {
      this(name, arn, tags, currentVersionId, versionIds, scheduledForDeletion, null, null);
    }

    Existing withReplicas(Map<String, Replica> byRegion) {
      return new Existing(
          name,
          arn,
          tags,
          currentVersionId,
          versionIds,
          scheduledForDeletion,
          lastChanged,
          byRegion);
    }

    boolean managed() {
      return MANAGED_BY_VALUE.equals(tags.get(MANAGED_BY));
    }

    boolean ownedBy(String target) {
      return managed() && target.equals(tags.get(TARGET_TAG));
    }

    /** Whether secretsync recorded replica regions it added to this secret. */
    boolean hasReplicaMarker() {
      return !AwsTagRules.read(AwsTagRules.REPLICA_REGIONS, tags).isEmpty();
    }

    /** Whether the current version id is a fingerprint (so it was written by secretsync). */
    boolean currentIsFingerprint() {
      return currentVersionId != null && Fingerprint.isFingerprint(currentVersionId);
    }
  }

  /**
   * One replica as {@code ReplicationStatus} reports it.
   *
   * @param region its region
   * @param kmsKeyId its KMS key, or null for the region's default key
   * @param status {@code InSync}, {@code InProgress} or {@code Failed}
   * @param message the service's status message (why it failed), or null
   */
  record Replica(String region, String kmsKeyId, String status, String message) {
    boolean failed() {
      return "Failed".equals(status);
    }
  }
}
