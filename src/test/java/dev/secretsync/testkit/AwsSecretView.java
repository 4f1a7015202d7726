package dev.secretsync.testkit;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Immutable snapshot of one emulated Secrets Manager secret, for assertions in tests.
 *
 * <p>{@code versions} holds every stored version in creation order, including deprecated ones
 * (versions without staging labels) that the emulator has not dropped yet.
 *
 * @param account the owning account id
 * @param region the region the secret lives in
 * @param name the secret name
 * @param arn the secret ARN ({@code
 *     arn:aws:secretsmanager:<region>:<account>:secret:<name>-XXXXXX})
 * @param description the description, or {@code null}
 * @param kmsKeyId the KMS key id as given by the caller, or {@code null} for the default key
 * @param tags the tags in insertion order
 * @param versions all stored versions in creation order
 * @param createdDate when the secret was created
 * @param lastChangedDate when the secret was last modified in any way
 * @param deletedDate when deletion was requested, or {@code null} if not scheduled for deletion
 * @param deletionDate when a scheduled deletion becomes permanent, or {@code null}
 * @param replicaRegions the regions of its replicas (see {@code AwsReplication})
 */
public record AwsSecretView(
    String account,
    String region,
    String name,
    String arn,
    String description,
    String kmsKeyId,
    Map<String, String> tags,
    List<Version> versions,
    Instant createdDate,
    Instant lastChangedDate,
    Instant deletedDate,
    Instant deletionDate,
    List<String> replicaRegions) {

  /** Defensive copies. */
  public AwsSecretView {
    tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    versions = List.copyOf(versions);
    replicaRegions = List.copyOf(replicaRegions);
  }

  /**
   * One stored version of a secret.
   *
   * @param versionId the version id (the {@code ClientRequestToken} that created it)
   * @param stages the staging labels attached to it (empty: deprecated)
   * @param secretString the string value, or {@code null} for a binary version
   * @param secretBinary the binary value, or {@code null} for a string version
   * @param createdDate when the version was created
   */
  public record Version(
      String versionId,
      List<String> stages,
      String secretString,
      byte[] secretBinary,
      Instant createdDate) {

    /** Defensive copies. */
    public Version {
      stages = List.copyOf(stages);
      secretBinary = secretBinary == null ? null : secretBinary.clone();
    }

    @Override
    public byte[] secretBinary() {
      return secretBinary == null ? null : secretBinary.clone();
    }

    /** Whether this version carries the given staging label. */
    public boolean hasStage(String stage) {
      return stages.contains(stage);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Version v
          && versionId.equals(v.versionId)
          && stages.equals(v.stages)
          && java.util.Objects.equals(secretString, v.secretString)
          && Arrays.equals(secretBinary, v.secretBinary)
          && createdDate.equals(v.createdDate);
    }

    @Override
    public int hashCode() {
      return versionId.hashCode();
    }

    @Override
    public String toString() {
      return "Version[" + versionId + " " + stages + (secretBinary != null ? " binary]" : "]");
    }
  }

  /** The version labelled {@code AWSCURRENT}, if any. */
  public Optional<Version> current() {
    return stage("AWSCURRENT");
  }

  /** The version carrying the given staging label, if any. */
  public Optional<Version> stage(String stage) {
    return versions.stream().filter(v -> v.hasStage(stage)).findFirst();
  }

  /** The version with the given id, if stored. */
  public Optional<Version> version(String versionId) {
    return versions.stream().filter(v -> v.versionId().equals(versionId)).findFirst();
  }

  /** The {@code AWSCURRENT} string value, or {@code null} (no current version or binary). */
  public String currentValue() {
    return current().map(Version::secretString).orElse(null);
  }

  /** The {@code AWSCURRENT} binary value, or {@code null}. */
  public byte[] currentBinary() {
    return current().map(Version::secretBinary).orElse(null);
  }

  /** Whether the secret is scheduled for deletion (inside its recovery window). */
  public boolean scheduledForDeletion() {
    return deletedDate != null;
  }

  /** Version id → staging labels for the labelled versions, like {@code VersionIdsToStages}. */
  public Map<String, List<String>> versionIdsToStages() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    versions.stream()
        .filter(v -> !v.stages().isEmpty())
        .forEach(v -> out.put(v.versionId(), v.stages()));
    return out;
  }
}
