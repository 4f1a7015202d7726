package dev.secretsync.provider.awssm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.config.TargetConfig;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.FingerprintKey;
import dev.secretsync.core.Secret;
import dev.secretsync.spi.RunContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ReplicationStatusType;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Reads a target's state: every secret from {@code ListSecrets} (100 per page, including those
 * scheduled for deletion, filtered by {@code name_prefix}; with a prefix, a second listing by the
 * ownership tags finds owned secrets outside it), then — only for secrets this target owns whose
 * current version id is not a fingerprint we wrote — their values with {@code BatchGetSecretValue},
 * 20 per call, in parallel. A no-op run therefore reads no value. Replicated secrets are also
 * described (see {@link #describeReplicated}).
 */
final class AwsStateReader {
  private static final Logger LOG = LoggerFactory.getLogger(AwsStateReader.class);
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
    return read(location, key, List.of());
  }

  /**
   * As {@link #read(AwsLocation, FingerprintKey)}; with the names the plan expects, a large listing
   * is split into parallel streams ({@link ListingStreams}) that return exactly the same secrets.
   */
  AwsTargetState read(AwsLocation location, FingerprintKey key, List<String> expectedNames) {
    Map<String, AwsTargetState.Existing> byName = new LinkedHashMap<>();
    List<String> prefixes = ListingStreams.prefixes(config.namePrefix(), expectedNames);
    if (!prefixes.isEmpty() && listInStreams(prefixes, byName)) {
      LOG.debug(
          "target {}: listed in {} parallel streams: {} secret(s)",
          config.name(),
          prefixes.size() + 1,
          byName.size());
    } else if (config.namePrefix().isEmpty()) {
      list(List.of(), byName); // every secret of the account/region: owned ones included
    } else {
      list(List.of(filter(FilterNameStringType.NAME, config.namePrefix())), byName);
    }
    if (!config.namePrefix().isEmpty()) {
      // Owned secrets outside the prefix (the prefix changed since they were written): the tag
      // filters are prefix matches and not tied to one tag, so the result is narrowed to secrets
      // carrying exactly our secretsync:target tag. Usually one empty page.
      Map<String, AwsTargetState.Existing> outside = new LinkedHashMap<>();
      list(
          List.of(
              filter(FilterNameStringType.TAG_KEY, AwsTargetState.TARGET_TAG),
              filter(FilterNameStringType.TAG_VALUE, config.name()),
              filter(FilterNameStringType.NAME, "!" + config.namePrefix())),
          outside);
      outside.values().stream()
          .filter(ex -> ex.ownedBy(config.name()))
          .forEach(ex -> byName.putIfAbsent(ex.name(), ex));
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
    Map<String, AwsTargetState.Existing> described = new ConcurrentHashMap<>();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (AwsTargetState.Existing ex : candidates) {
      tasks.add(
          () -> {
            described.put(
                ex.name(),
                ex.withReplicas(replicas(client.describeSecret(b -> b.secretId(ex.arn())))));
            return null;
          });
    }
    if (!tasks.isEmpty()) {
      runAll(tasks, "describing replicated secrets");
    }
    byName.putAll(described);
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

  /**
   * Lists in parallel: one stream per prefix, plus the rest (under {@code name_prefix}, under none
   * of the prefixes: {@code name: !p} filters, AND-ed). Returns false, having listed nothing into
   * {@code into}, when the service refuses the rest stream's filters — the caller then lists the
   * old way, so a service that reads negated filters differently costs speed, never secrets.
   */
  private boolean listInStreams(List<String> prefixes, Map<String, AwsTargetState.Existing> into) {
    List<List<Filter>> streams = new ArrayList<>();
    for (String p : prefixes) {
      streams.add(List.of(filter(FilterNameStringType.NAME, p)));
    }
    List<Filter> rest = new ArrayList<>();
    if (!config.namePrefix().isEmpty()) {
      rest.add(filter(FilterNameStringType.NAME, config.namePrefix()));
    }
    prefixes.forEach(p -> rest.add(filter(FilterNameStringType.NAME, "!" + p)));
    streams.add(rest);
    List<Map<String, AwsTargetState.Existing>> results = new ArrayList<>();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (List<Filter> filters : streams) {
      Map<String, AwsTargetState.Existing> part = new LinkedHashMap<>();
      results.add(part);
      tasks.add(
          () -> {
            list(filters, part);
            return null;
          });
    }
    try {
      runAll(tasks, "listing secrets");
    } catch (SecretsManagerException e) {
      if (!refusedFilters(e)) {
        throw e;
      }
      LOG.info(
          "target {}: the service refused a split listing ({}); listing in one stream",
          config.name(),
          e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
      return false;
    }
    results.forEach(into::putAll);
    return true;
  }

  private static boolean refusedFilters(SecretsManagerException e) {
    return e instanceof InvalidParameterException
        || e instanceof InvalidRequestException
        || (e.awsErrorDetails() != null
            && "ValidationException".equals(e.awsErrorDetails().errorCode()));
  }

  private void list(List<Filter> filters, Map<String, AwsTargetState.Existing> into) {
    ListSecretsRequest.Builder req =
        ListSecretsRequest.builder().maxResults(100).includePlannedDeletion(true);
    if (!filters.isEmpty()) {
      req.filters(filters);
    }
    for (var page : client.listSecretsPaginator(req.build())) {
      for (SecretListEntry e : page.secretList()) {
        into.put(e.name(), existing(e));
      }
    }
  }

  private static Filter filter(FilterNameStringType key, String value) {
    return Filter.builder().key(key).values(value).build();
  }

  /**
   * The listed state with the secrets {@link AwsConsistency#toConfirm} names replaced by what
   * DescribeSecret (strongly consistent) says now, in parallel; a secret that no longer exists is
   * dropped. Values are read only for confirmed secrets we own whose current version we did not
   * write. Nothing to confirm (a no-op run long after the last write): no call at all.
   */
  AwsTargetState confirm(
      AwsTargetState listed, Bundle desired, Optional<Bundle> previous, Instant now) {
    // Secrets described for their replicas this run are already strongly consistent.
    List<String> names =
        AwsConsistency.toConfirm(config, listed, desired, previous, now).stream()
            .filter(
                n -> listed.byName().get(n) == null || listed.byName().get(n).replicas() == null)
            .toList();
    if (names.isEmpty()) {
      return listed;
    }
    Map<String, Optional<AwsTargetState.Existing>> described = new ConcurrentHashMap<>();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (String name : names) {
      tasks.add(
          () -> {
            try {
              described.put(
                  name, Optional.of(existing(client.describeSecret(b -> b.secretId(name)))));
            } catch (ResourceNotFoundException gone) {
              described.put(name, Optional.empty());
            }
            return null;
          });
    }
    runAll(tasks, "describing secrets");
    LOG.debug(
        "target {}: confirmed {} listed secret(s) with DescribeSecret",
        config.name(),
        names.size());
    Map<String, AwsTargetState.Existing> byName = new LinkedHashMap<>(listed.byName());
    Map<String, Fingerprint> fetched = new HashMap<>(listed.fetched());
    List<String> toRead = new ArrayList<>();
    described.forEach(
        (name, ex) -> {
          fetched.remove(name);
          if (ex.isEmpty()) {
            byName.remove(name);
            return;
          }
          byName.put(name, ex.get());
          AwsTargetState.Existing e = ex.get();
          if (e.ownedBy(config.name()) && !e.scheduledForDeletion() && !e.currentIsFingerprint()) {
            toRead.add(e.arn());
          }
        });
    if (!toRead.isEmpty()) {
      fetched.putAll(fetch(toRead, byName, listed.key()));
    }
    return new AwsTargetState(listed.location(), byName, fetched, listed.key());
  }

  private static AwsTargetState.Existing existing(SecretListEntry e) {
    return existing(
        e.name(),
        e.arn(),
        e.hasTags() ? e.tags() : List.of(),
        e.hasSecretVersionsToStages() ? e.secretVersionsToStages() : Map.of(),
        e.deletedDate() != null,
        e.lastChangedDate());
  }

  /** The same view of a secret from DescribeSecret (strongly consistent, unlike the listing). */
  static AwsTargetState.Existing existing(DescribeSecretResponse d) {
    return existing(
            d.name(),
            d.arn(),
            d.hasTags() ? d.tags() : List.of(),
            d.hasVersionIdsToStages() ? d.versionIdsToStages() : Map.of(),
            d.deletedDate() != null,
            d.lastChangedDate())
        .withReplicas(replicas(d));
  }

  private static AwsTargetState.Existing existing(
      String name,
      String arn,
      List<Tag> tagList,
      Map<String, List<String>> stages,
      boolean scheduledForDeletion,
      Instant lastChanged) {
    Map<String, String> tags = new HashMap<>();
    for (Tag t : tagList) {
      tags.put(t.key(), t.value());
    }
    String current = null;
    for (Map.Entry<String, List<String>> v : stages.entrySet()) {
      if (v.getValue().contains("AWSCURRENT")) {
        current = v.getKey();
      }
    }
    return new AwsTargetState.Existing(
        name,
        arn,
        Map.copyOf(tags),
        current,
        Set.copyOf(stages.keySet()),
        scheduledForDeletion,
        lastChanged);
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
    runAll(tasks, "reading secret values");
    return out;
  }

  private void runAll(List<Callable<Void>> tasks, String what) {
    try {
      for (Future<Void> f : ctx.ioExecutor().invokeAll(tasks)) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + what, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re
          ? re
          : new IllegalStateException(e.getCause());
    }
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
