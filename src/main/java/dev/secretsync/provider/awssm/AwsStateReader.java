package dev.secretsync.provider.awssm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.config.TargetConfig;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.FingerprintKey;
import dev.secretsync.core.Secret;
import dev.secretsync.spi.RunContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ReplicationStatusType;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Reads a target's state: every secret from {@code ListSecrets} (100 per page, including those
 * scheduled for deletion, filtered by {@code name_prefix}), then — only for secrets this target
 * owns whose current version id is not a fingerprint we wrote — their values with {@code
 * BatchGetSecretValue}, 20 per call, in parallel. A no-op run therefore reads no value. Replicated
 * secrets are also described (see {@link #describeReplicated}).
 */
final class AwsStateReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BATCH = 20;

  private final TargetConfig config;
  private final SecretsManagerClient client;
  private final RunContext ctx;

  AwsStateReader(TargetConfig config, SecretsManagerClient client, RunContext ctx) {
    this.config = config;
    this.client = client;
    this.ctx = ctx;
  }

  AwsTargetState read(AwsLocation location, FingerprintKey key) {
    ListSecretsRequest.Builder req =
        ListSecretsRequest.builder().maxResults(100).includePlannedDeletion(true);
    if (!config.namePrefix().isEmpty()) {
      req.filters(
          Filter.builder().key(FilterNameStringType.NAME).values(config.namePrefix()).build());
    }
    Map<String, AwsTargetState.Existing> byName = new LinkedHashMap<>();
    for (var page : client.listSecretsPaginator(req.build())) {
      for (SecretListEntry e : page.secretList()) {
        byName.put(e.name(), existing(e));
      }
    }
    List<String> toRead = new ArrayList<>();
    for (AwsTargetState.Existing ex : byName.values()) {
      if (ex.ownedBy(config.name()) && !ex.scheduledForDeletion() && !ex.currentIsFingerprint()) {
        toRead.add(ex.arn());
      }
    }
    describeReplicated(byName);
    Map<String, Fingerprint> fetched = toRead.isEmpty() ? Map.of() : fetch(toRead, byName, key);
    return new AwsTargetState(location, byName, fetched, key);
  }

  /**
   * ListSecrets does not report replication (its entries carry no {@code ReplicationStatus}), so
   * owned secrets that should have replicas, or that carry our record of replicas we added, are
   * described — one DescribeSecret each, in parallel. Targets without replicas pay nothing.
   */
  private void describeReplicated(Map<String, AwsTargetState.Existing> byName) {
    List<AwsTargetState.Existing> candidates =
        byName.values().stream()
            .filter(ex -> ex.ownedBy(config.name()) && !ex.scheduledForDeletion())
            .filter(ex -> !config.replicaRegions().isEmpty() || ex.hasReplicaMarker())
            .toList();
    List<Callable<AwsTargetState.Existing>> tasks = new ArrayList<>();
    for (AwsTargetState.Existing ex : candidates) {
      tasks.add(() -> ex.withReplicas(replicas(client.describeSecret(b -> b.secretId(ex.arn())))));
    }
    for (AwsTargetState.Existing described : runAll(tasks)) {
      byName.put(described.name(), described);
    }
  }

  static Map<String, AwsTargetState.Replica> replicas(DescribeSecretResponse r) {
    Map<String, AwsTargetState.Replica> out = new LinkedHashMap<>();
    if (r.hasReplicationStatus()) {
      for (ReplicationStatusType s : r.replicationStatus()) {
        out.put(
            s.region(),
            new AwsTargetState.Replica(
                s.region(), s.kmsKeyId(), s.statusAsString(), s.statusMessage()));
      }
    }
    return Map.copyOf(out);
  }

  private <T> List<T> runAll(List<Callable<T>> tasks) {
    if (tasks.isEmpty()) {
      return List.of();
    }
    List<T> out = new ArrayList<>();
    try {
      for (Future<T> f : ctx.ioExecutor().invokeAll(tasks)) {
        out.add(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing secrets", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re
          ? re
          : new IllegalStateException(e.getCause());
    }
    return out;
  }

  private static AwsTargetState.Existing existing(SecretListEntry e) {
    Map<String, String> tags = new HashMap<>();
    if (e.hasTags()) {
      for (Tag t : e.tags()) {
        tags.put(t.key(), t.value());
      }
    }
    String current = null;
    Set<String> versions = Set.of();
    if (e.hasSecretVersionsToStages()) {
      versions = Set.copyOf(e.secretVersionsToStages().keySet());
      for (Map.Entry<String, List<String>> v : e.secretVersionsToStages().entrySet()) {
        if (v.getValue().contains("AWSCURRENT")) {
          current = v.getKey();
        }
      }
    }
    return new AwsTargetState.Existing(
        e.name(), e.arn(), Map.copyOf(tags), current, versions, e.deletedDate() != null);
  }

  private Map<String, Fingerprint> fetch(
      List<String> arns, Map<String, AwsTargetState.Existing> byName, FingerprintKey key) {
    Map<String, Fingerprint> out = new ConcurrentHashMap<>();
    Map<String, String> nameByArn = new HashMap<>();
    byName.values().forEach(ex -> nameByArn.put(ex.arn(), ex.name()));
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < arns.size(); i += BATCH) {
      List<String> chunk = arns.subList(i, Math.min(arns.size(), i + BATCH));
      tasks.add(
          () -> {
            BatchGetSecretValueResponse r = client.batchGetSecretValue(b -> b.secretIdList(chunk));
            for (SecretValueEntry v : r.secretValues()) {
              String name = v.name() != null ? v.name() : nameByArn.get(v.arn());
              Fingerprint fp = fingerprintOf(v.secretString(), key);
              if (name != null && fp != null) {
                out.put(name, fp);
              }
            }
            // Per-secret errors leave the fingerprint unknown: the plan then rewrites the value.
            return null;
          });
    }
    try {
      for (Future<Void> f : ctx.ioExecutor().invokeAll(tasks)) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading secret values", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re
          ? re
          : new IllegalStateException(e.getCause());
    }
    return out;
  }

  /** Fingerprint of a JSON-object secret string, or null (binary, plain text, not an object). */
  @SuppressWarnings("unchecked")
  static Fingerprint fingerprintOf(String secretString, FingerprintKey key) {
    if (secretString == null) {
      return null;
    }
    try {
      Object v = JSON.readValue(secretString, Object.class);
      return v instanceof Map<?, ?> m ? Secret.of((Map<String, Object>) m).fingerprint(key) : null;
    } catch (Exception e) {
      return null; // not JSON: certainly not our value
    }
  }
}
