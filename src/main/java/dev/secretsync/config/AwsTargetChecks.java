package dev.secretsync.config;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks on an {@code aws_secretsmanager} target's tags and replicas that Secrets Manager would
 * otherwise refuse on every write: the tag limits of {@link AwsTagRules} (the 50-tag budget counts
 * our ownership and marker tags too) and one region and KMS key per replica.
 */
final class AwsTargetChecks {
  /** The pattern of a region in ReplicateSecretToRegions / RemoveRegionsFromReplication. */
  private static final Pattern REGION = Pattern.compile("([a-z]+-)+\\d+");

  private final YamlContext ctx;

  AwsTargetChecks(YamlContext ctx) {
    this.ctx = ctx;
  }

  void check(TargetConfig t, String path, String defaultRegion) {
    tags(t, path);
    replicas(t, path, t.region().isEmpty() ? defaultRegion : t.region());
  }

  private void tags(TargetConfig t, String path) {
    for (Map.Entry<String, String> tag : t.tags().entrySet()) {
      String p = path + ".tags." + tag.getKey();
      String problem = AwsTagRules.keyProblem(tag.getKey());
      if (problem == null) {
        problem = AwsTagRules.valueProblem(tag.getValue());
      }
      if (problem != null) {
        ctx.problemAt(p, problem);
      }
    }
    int total = AwsTagRules.desired(t).size();
    if (total > AwsTagRules.MAX_TAGS) {
      ctx.problemAt(
          path + ".tags",
          t.tags().size()
              + " tags plus secretsync's "
              + (total - t.tags().size())
              + " (ownership and the records of managed tag keys and replica regions) make "
              + total
              + "; Secrets Manager allows "
              + AwsTagRules.MAX_TAGS
              + " per secret — remove "
              + (total - AwsTagRules.MAX_TAGS)
              + " or shorten the keys");
    }
  }

  private void replicas(TargetConfig t, String path, String primary) {
    Set<String> seen = new HashSet<>();
    List<TargetConfig.Replica> replicas = t.replicaRegions();
    for (int i = 0; i < replicas.size(); i++) {
      TargetConfig.Replica r = replicas.get(i);
      String p = path + ".replica_regions[" + i + "]";
      if (!REGION.matcher(r.region()).matches()) {
        ctx.problemAt(p, "\"" + r.region() + "\" is not an AWS region name");
      } else if (r.region().equals(primary)) {
        ctx.problemAt(p, r.region() + " is the target's own region; list other regions only");
      } else if (!seen.add(r.region())) {
        ctx.problemAt(p, r.region() + " is listed twice");
      } else if (!t.kmsKeyId().isEmpty() && r.kmsKeyId().isEmpty()) {
        ctx.problemAt(
            p,
            "the target sets kms_key_id, but a KMS key belongs to one region: give this replica a"
                + " key in "
                + r.region()
                + " ({region: "
                + r.region()
                + ", kms_key_id: …}), or alias/aws/secretsmanager for that region's default key");
      }
    }
  }
}
