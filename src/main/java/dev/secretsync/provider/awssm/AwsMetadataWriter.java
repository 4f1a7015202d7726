package dev.secretsync.provider.awssm;

import dev.secretsync.config.TargetConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ReplicaRegionType;
import software.amazon.awssdk.services.secretsmanager.model.ReplicationStatusType;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * The metadata writes of {@link AwsApplier}: tags and replicas (neither makes a value version), and
 * deletion of a secret that has replicas. {@code permit} runs before every call so each one takes a
 * write permit of the account's limiter.
 */
final class AwsMetadataWriter {
  private final TargetConfig config;
  private final SecretsManagerClient client;
  private final Runnable permit;

  AwsMetadataWriter(TargetConfig config, SecretsManagerClient client, Runnable permit) {
    this.config = config;
    this.client = client;
    this.permit = permit;
  }

  /** A replica the service reports as {@code Failed} right after our call. */
  static final class ReplicaFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReplicaFailed(String region, String message) {
      super(AwsReplicaDiff.failure(region, message), null, false, false);
    }
  }

  /**
   * Brings replicas, then tags, to the desired state. Order matters for the markers: replicas move
   * first so the replica marker never names a region we failed to add; user tags we dropped are
   * untagged before the new key marker is written, so a failed untag leaves the key recorded (and
   * retried next run) rather than forgotten.
   */
  void sync(AwsTargetState.Existing ex) {
    AwsReplicaDiff replicas = AwsReplicaDiff.of(config, ex);
    if (!replicas.remove().isEmpty()) {
      permit.run();
      client.removeRegionsFromReplication(
          b -> b.secretId(ex.arn()).removeReplicaRegions(replicas.remove()));
    }
    ReplicaFailed failed = null;
    if (!replicas.add().isEmpty()) {
      permit.run();
      try {
        checkReplicas(
            client
                .replicateSecretToRegions(
                    b -> b.secretId(ex.arn()).addReplicaRegions(replicaTypes(replicas.add())))
                .replicationStatus());
      } catch (ReplicaFailed e) {
        failed = e; // the replica exists, failed: still record it (tags) so it can be removed
      }
    }
    AwsTagDiff tags = AwsTagDiff.of(config, ex.tags());
    if (!tags.remove().isEmpty()) {
      permit.run();
      client.untagResource(b -> b.secretId(ex.arn()).tagKeys(tags.remove()));
    }
    if (!tags.set().isEmpty()) {
      permit.run();
      client.tagResource(b -> b.secretId(ex.arn()).tags(tagList(tags.set())));
    }
    if (!tags.staleMarkers().isEmpty()) {
      permit.run();
      client.untagResource(b -> b.secretId(ex.arn()).tagKeys(tags.staleMarkers()));
    }
    if (failed != null) {
      throw failed;
    }
  }

  /**
   * Deletes an owned secret. The service refuses to delete a primary that still has replicas
   * (InvalidRequestException: remove the replicas first); then its replicas are removed and the
   * deletion is tried once more. Only then — deletions are rare — does it cost a DescribeSecret.
   */
  void delete(String arn) {
    try {
      permit.run();
      deleteOnce(arn);
    } catch (InvalidRequestException e) {
      List<String> regions =
          AwsStateReader.replicas(client.describeSecret(b -> b.secretId(arn))).keySet().stream()
              .toList();
      if (regions.isEmpty()) {
        throw e;
      }
      permit.run();
      client.removeRegionsFromReplication(b -> b.secretId(arn).removeReplicaRegions(regions));
      permit.run();
      deleteOnce(arn);
    }
  }

  private void deleteOnce(String arn) {
    if (config.deletion().force()) {
      client.deleteSecret(b -> b.secretId(arn).forceDeleteWithoutRecovery(true));
    } else {
      client.deleteSecret(
          b -> b.secretId(arn).recoveryWindowInDays((long) config.deletion().recoveryWindowDays()));
    }
  }

  /** Throws {@link ReplicaFailed} for the first replica reported as failed. */
  static void checkReplicas(List<ReplicationStatusType> statuses) {
    for (ReplicationStatusType s : statuses) {
      if ("Failed".equals(s.statusAsString())) {
        throw new ReplicaFailed(
            s.region(), s.statusMessage() == null ? "no message" : s.statusMessage());
      }
    }
  }

  static List<ReplicaRegionType> replicaTypes(List<TargetConfig.Replica> replicas) {
    return replicas.stream()
        .map(
            r ->
                ReplicaRegionType.builder()
                    .region(r.region())
                    .kmsKeyId(AwsReplicaDiff.blankToNull(r.kmsKeyId()))
                    .build())
        .toList();
  }

  static List<Tag> tagList(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
        .toList();
  }
}
