package dev.secretsync.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Multi-Region secrets as the Secrets Manager API reference describes them: replicas are added by
 * CreateSecret / ReplicateSecretToRegions ({@code AddReplicaRegions: [{Region, KmsKeyId}]}),
 * removed by RemoveRegionsFromReplication (immediately), reported as {@code ReplicationStatus} by
 * DescribeSecret and those two calls (not by ListSecrets, whose entries only carry {@code
 * PrimaryRegion}), and DeleteSecret refuses a primary that still has replicas.
 *
 * <p>A KMS key is regional: a replica whose {@code KmsKeyId} is a key ARN of another region fails
 * ({@code Status: Failed} with a {@code StatusMessage}), which is how tests make a region fail.
 * Without a key the region's {@code aws/secretsmanager} key is used and the replica is in sync.
 */
final class AwsReplication {
  private static final Pattern REGION = Pattern.compile("([a-z]+-)+\\d+");
  private static final Pattern KEY_ARN = Pattern.compile("arn:aws[a-z-]*:kms:([a-z0-9-]+):.*");

  /** One replica as ReplicationStatus reports it. */
  record Replica(String region, String kmsKeyId, String status, String message) {}

  private AwsReplication() {}

  /**
   * Adds every {@code {Region, KmsKeyId}} of {@code regions} to {@code s} (primary region {@code
   * home}).
   */
  static void add(AwsSecret s, String home, JsonNode regions) {
    for (JsonNode r : regions) {
      String region = r.path("Region").asText("");
      if (!REGION.matcher(region).matches() || region.equals(home)) {
        throw AwsError.invalidParameter("Invalid replica region: " + region);
      }
      if (s.replicas.containsKey(region)) {
        throw AwsError.invalidParameter(
            "A replica of this secret already exists in Region " + region + ".");
      }
    }
    for (JsonNode r : regions) {
      String region = r.path("Region").asText();
      String key = r.hasNonNull("KmsKeyId") ? r.get("KmsKeyId").asText() : null;
      Matcher arn = key == null ? null : KEY_ARN.matcher(key);
      if (arn != null && arn.matches() && !arn.group(1).equals(region)) {
        s.replicas.put(
            region,
            new Replica(
                region,
                key,
                "Failed",
                "Replication failed: KMS key "
                    + key
                    + " does not exist in Region "
                    + region
                    + "."));
      } else {
        s.replicas.put(region, new Replica(region, key, "InSync", "Replication succeeded"));
      }
    }
  }

  /** Removes the replicas in {@code regions}; regions without a replica are ignored. */
  static void remove(AwsSecret s, JsonNode regions) {
    if (regions == null || !regions.isArray() || regions.isEmpty()) {
      throw AwsError.invalidParameter(
          "You must provide a value for the RemoveReplicaRegions parameter.");
    }
    regions.forEach(r -> s.replicas.remove(r.asText()));
  }

  /** DeleteSecret's refusal for a primary secret with replicas. */
  static void checkDeletable(AwsSecret s) {
    if (!s.replicas.isEmpty()) {
      throw AwsError.invalidRequest(
          "You can't delete a primary secret that is replicated to other Regions. You must first"
              + " delete the replicas using RemoveRegionsFromReplication, and then delete the"
              + " primary secret.");
    }
  }

  /** Writes {@code ReplicationStatus} (when the secret has replicas). */
  static void status(ObjectNode out, AwsSecret s) {
    if (!s.replicas.isEmpty()) {
      ArrayNode a = out.putArray("ReplicationStatus");
      for (Replica r : s.replicas.values()) {
        ObjectNode o = a.addObject().put("Region", r.region()).put("Status", r.status());
        if (r.kmsKeyId() != null) {
          o.put("KmsKeyId", r.kmsKeyId());
        }
        o.put("StatusMessage", r.message());
      }
    }
  }
}
