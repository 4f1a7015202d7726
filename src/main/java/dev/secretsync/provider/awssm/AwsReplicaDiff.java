package dev.secretsync.provider.awssm;

import dev.secretsync.config.AwsTagRules;
import dev.secretsync.config.TargetConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a secret's replicas differ from {@code replica_regions} (pure). Missing regions are added; a
 * replica is removed only when secretsync added it (it is in the {@code secretsync:replica-regions}
 * marker), as with tags. A {@code Failed} replica is reported with the service's message; when the
 * config now names another KMS key for that region it is replaced (removed and added again), since
 * a failed replica never recovers by itself.
 *
 * @param add replicas to add (ReplicateSecretToRegions)
 * @param remove regions to remove (RemoveRegionsFromReplication), replaced ones included
 * @param failed failed replicas left as they are, by region, with the service's status message
 */
record AwsReplicaDiff(
    List<TargetConfig.Replica> add, List<String> remove, Map<String, String> failed) {

  static final AwsReplicaDiff NONE = new AwsReplicaDiff(List.of(), List.of(), Map.of());

  static AwsReplicaDiff of(TargetConfig config, AwsTargetState.Existing ex) {
    if (ex.replicas() == null) {
      return NONE; // not described: nothing desired and nothing of ours recorded
    }
    List<TargetConfig.Replica> add = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    Map<String, String> failed = new LinkedHashMap<>();
    for (TargetConfig.Replica want : config.replicaRegions()) {
      AwsTargetState.Replica have = ex.replicas().get(want.region());
      if (have == null) {
        add.add(want);
      } else if (have.failed()) {
        if (!Objects.equals(blankToNull(want.kmsKeyId()), blankToNull(have.kmsKeyId()))) {
          remove.add(want.region());
          add.add(want);
        } else {
          failed.put(want.region(), have.message() == null ? "no message" : have.message());
        }
      }
    }
    Set<String> ours = Set.copyOf(AwsTagRules.read(AwsTagRules.REPLICA_REGIONS, ex.tags()));
    Set<String> wanted =
        Set.copyOf(config.replicaRegions().stream().map(TargetConfig.Replica::region).toList());
    for (String region : ex.replicas().keySet()) {
      if (ours.contains(region) && !wanted.contains(region)) {
        remove.add(region);
      }
    }
    return new AwsReplicaDiff(List.copyOf(add), List.copyOf(remove), Map.copyOf(failed));
  }

  /** Whether a write is needed (failed replicas alone need none). */
  boolean writes() {
    return !add.isEmpty() || !remove.isEmpty();
  }

  /** Plan text. */
  String describe() {
    List<String> parts = new ArrayList<>();
    if (!add.isEmpty()) {
      parts.add(
          "add " + String.join(", ", add.stream().map(TargetConfig.Replica::region).toList()));
    }
    if (!remove.isEmpty()) {
      parts.add("remove " + String.join(", ", remove));
    }
    return "replicas differ: " + String.join("; ", parts);
  }

  /** The per-secret message for a failed replica: what, why (the service's words), what to do. */
  static String failure(String region, String message) {
    return "the replica in "
        + region
        + " failed: "
        + message
        + " — fix the cause (often a KMS key that does not exist in "
        + region
        + ": set replica_regions: [{region: "
        + region
        + ", kms_key_id: <a key in "
        + region
        + ">}], and secretsync replaces the replica; for another cause, remove the replica"
        + " (aws secretsmanager remove-regions-from-replication) and the next run adds it again";
  }

  static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
