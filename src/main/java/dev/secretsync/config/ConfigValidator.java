package dev.secretsync.config;

import dev.secretsync.core.SecretKey;
import dev.secretsync.core.TargetGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Semantic checks on a bound config: names, imports, cycles, keys, ranges, provider support, and
 * settings that do not apply to a target's type. Records every problem; throws nothing.
 */
final class ConfigValidator {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

  private final YamlContext ctx;
  private final Set<String> supported;

  ConfigValidator(YamlContext ctx, Set<String> supported) {
    this.ctx = ctx;
    this.supported = supported;
  }

  void validate(SecretSyncConfig c) {
    vault(c.vault());
    c.sources().values().forEach(this::source);
    targets(c);
    mergeStore(c.mergeStore());
    new DiscoveryValidator(ctx, c).validate();
    PipelineConfig p = c.pipeline();
    range("pipeline.parallelism", p.parallelism(), 1, 256);
    range("pipeline.aws_writes_per_second", p.awsWritesPerSecond(), 1, 10_000);
    CircuitBreakerConfig b = c.circuitBreaker();
    range("circuit_breaker.failure_threshold", b.failureThreshold(), 1, 10_000);
    range("circuit_breaker.max_requests", b.maxRequests(), 1, 1_000);
    positive("circuit_breaker.window", b.window());
    positive("circuit_breaker.timeout", b.timeout());
    range("metrics.port", c.metrics().port(), 0, 65_535);
    endpoint("metrics.push_url", c.metrics().pushUrl(), "http://pushgateway:9091", true);
    endpoint("aws.endpoint", c.aws().endpoint(), "http://localhost:4566", false);
    endpoint("vault.address", c.vault().address(), "https://vault.example.com:8200", false);
    if ("s3".equals(c.mergeStore().kind())) {
      endpoint(
          "merge_store.s3.endpoint", c.mergeStore().s3().endpoint(), "http://minio:9000", false);
    }
    if (!c.metrics().path().startsWith("/")) {
      ctx.problemAt("metrics.path", "must start with /");
    }
    new AgentValidator(ctx, c).validate();
    new GitHubTargetsValidator(ctx, c).validate();
  }

  private void vault(VaultConfig v) {
    range("vault.max_secrets_per_mount", v.maxSecretsPerMount(), 1, Integer.MAX_VALUE);
    range("vault.max_traversal_depth", v.maxTraversalDepth(), 1, 10_000);
    range("vault.queue_compaction_threshold", v.queueCompactionThreshold(), 0, Integer.MAX_VALUE);
    if (v.auth().approle() != null && v.auth().approle().roleId().isEmpty()) {
      ctx.problemAt("vault.auth.approle.role_id", "role_id is required for AppRole login");
    }
    if (v.auth().kubernetes() != null && v.auth().kubernetes().role().isEmpty()) {
      ctx.problemAt("vault.auth.kubernetes.role", "role is required for Kubernetes login");
    }
    VaultConfig.Jwt jwt = v.auth().jwt();
    if (jwt != null) {
      if (jwt.role().isEmpty()) {
        ctx.problemAt("vault.auth.jwt.role", "role is required for JWT login");
      }
      if (jwt.tokenFile().isEmpty() == jwt.tokenEnv().isEmpty()) {
        ctx.problemAt("vault.auth.jwt", "give exactly one of token_file or token_env");
      }
    }
  }

  private void source(SourceConfig s) {
    String path = "sources." + s.name();
    name(path, s.name(), "source");
    if (s.vault() != null) {
      if (s.vault().mount().isBlank()) {
        ctx.problemAt(path + ".vault.mount", "mount is required (e.g. mount: analytics)");
      }
      supported(path + ".vault", "source:vault", "Vault sources are");
    }
    if (s.file() != null) {
      if (s.file().path().isBlank()) {
        ctx.problemAt(path + ".file.path", "path is required (a directory of YAML/JSON files)");
      }
      supported(path + ".file", "source:file", "file sources are");
    }
  }

  private void targets(SecretSyncConfig c) {
    Map<String, List<String>> imports = new LinkedHashMap<>();
    for (TargetConfig t : c.targets().values()) {
      String path = "targets." + t.name();
      name(path, t.name(), "target");
      if (c.sources().containsKey(t.name())) {
        ctx.problemAt(
            path,
            "\"" + t.name() + "\" is both a source and a target: rename one (imports name either)");
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < t.imports().size(); i++) {
        String imp = t.imports().get(i);
        String p = path + ".imports[" + i + "]";
        if (!c.sources().containsKey(imp) && !c.targets().containsKey(imp)) {
          ctx.problemAt(p, "unknown source or target \"" + imp + "\"" + known(c));
        } else if (!seen.add(imp)) {
          ctx.problemAt(p, "\"" + imp + "\" is imported twice");
        }
      }
      imports.put(
          t.name(),
          t.imports().stream().filter(i -> c.targets().containsKey(i)).distinct().toList());
      if (t.imports().isEmpty() && t.overrides().isEmpty()) {
        ctx.problemAt(path, "a target needs imports (sources or targets) or overrides");
      }
      t.overrides()
          .keySet()
          .forEach(
              k -> {
                String problem = SecretKey.problem(k);
                if (problem != null) {
                  ctx.problemAt(path + ".overrides." + k, "invalid secret key: " + problem);
                }
              });
      typeSpecific(t, path, c.aws().region());
      deletion(t.deletion(), path + ".deletion");
      new TargetFiltersValidator(ctx, c).validate(t, path);
    }
    directoriesDoNotOverlap(c);
    List<String> cycle = TargetGraph.findCycle(imports);
    if (!cycle.isEmpty()) {
      ctx.problemAt(
          "targets." + cycle.get(0) + ".imports",
          "circular dependency detected in target inheritance: " + String.join(" -> ", cycle));
    }
    if (c.targets().isEmpty() && c.agent().secrets().isEmpty() && c.dynamicTargets().isEmpty()) {
      ctx.problemAt("targets", "no targets: add at least one under targets:");
    }
  }

  private void typeSpecific(TargetConfig t, String path, String defaultRegion) {
    boolean file = TargetConfig.FILE.equals(t.type());
    boolean aws = TargetConfig.AWS_SECRETSMANAGER.equals(t.type());
    if (file) {
      supported(path, "target:file", "file targets are");
      if (t.path().isBlank()) {
        ctx.problemAt(path + ".path", "file targets need path: (the output directory)");
      }
      if (!t.fileMode().matches("0?[0-7]{3}")) {
        ctx.problemAt(path + ".file_mode", "expected an octal mode such as 0600");
      }
    } else if (aws) {
      supported(path, "target:aws_secretsmanager", "aws_secretsmanager targets are");
      java.util.regex.Matcher roleAccount =
          java.util.regex.Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/.+")
              .matcher(t.roleArn());
      if (!t.roleArn().isEmpty() && !roleAccount.matches()) {
        ctx.problemAt(
            path + ".role_arn", "expected a role ARN such as arn:aws:iam::123456789012:role/Name");
      } else if (!t.roleArn().isEmpty()
          && !t.accountId().isEmpty()
          && !roleAccount.group(1).equals(t.accountId())) {
        ctx.problemAt(
            path + ".role_arn",
            "the role is in account "
                + roleAccount.group(1)
                + " but account_id is "
                + t.accountId());
      }
      if (!t.accountId().isEmpty() && !ACCOUNT.matcher(t.accountId()).matches()) {
        ctx.problemAt(path + ".account_id", "an AWS account id is 12 digits (quote it in YAML)");
      }
      new AwsTargetChecks(ctx).check(t, path, defaultRegion);
      if (!t.region().isEmpty() && !REGION.matcher(t.region()).matches()) {
        ctx.problemAt(path + ".region", "\"" + t.region() + "\" is not an AWS region name");
      }
    } else {
      supported(path, "target:github", "github targets are");
      if (supported.contains("target:github")) {
        new GitHubBlockValidator(ctx).check(t, path + ".github");
      }
    }
    notFor(!file, path + ".path", t.path().isEmpty(), "path applies to file targets only");
    notFor(
        !file,
        path + ".file_mode",
        "0600".equals(t.fileMode()),
        "file_mode applies to file targets only");
    String awsOnly = "applies to aws_secretsmanager targets only";
    notFor(!aws, path + ".account_id", t.accountId().isEmpty(), "account_id " + awsOnly);
    notFor(!aws, path + ".region", t.region().isEmpty(), "region " + awsOnly);
    notFor(!aws, path + ".role_arn", t.roleArn().isEmpty(), "role_arn " + awsOnly);
    notFor(!aws, path + ".kms_key_id", t.kmsKeyId().isEmpty(), "kms_key_id " + awsOnly);
    notFor(
        !aws,
        path + ".replica_regions",
        t.replicaRegions().isEmpty(),
        "replica_regions " + awsOnly);
    notFor(!aws, path + ".tags", t.tags().isEmpty(), "tags " + awsOnly);
    notFor(
        !TargetConfig.GITHUB.equals(t.type()),
        path + ".github",
        t.github() == null,
        "github applies to github targets only");
  }

  /**
   * File targets own their directory (a manifest says which files are theirs): two targets, or a
   * target and a source or the directory store, in one directory would overwrite or delete each
   * other's files.
   */
  private void directoriesDoNotOverlap(SecretSyncConfig c) {
    Map<String, Path> dirs = new LinkedHashMap<>();
    c.sources().values().stream()
        .filter(s -> s.file() != null && !s.file().path().isBlank())
        .forEach(
            s -> dirs.put("sources." + s.name() + ".file.path", real(c.resolve(s.file().path()))));
    if (c.mergeStore().directory() != null && !c.mergeStore().directory().path().isBlank()) {
      dirs.put("merge_store.directory.path", real(c.resolve(c.mergeStore().directory().path())));
    }
    List<Map.Entry<String, Path>> others = List.copyOf(dirs.entrySet());
    List<Map.Entry<String, Path>> targets = new ArrayList<>();
    for (TargetConfig t : c.targets().values()) {
      if (TargetConfig.FILE.equals(t.type()) && !t.path().isBlank()) {
        Path dir = real(c.resolve(t.path()));
        String path = "targets." + t.name() + ".path";
        for (Map.Entry<String, Path> o : others) {
          if (dir.startsWith(o.getValue()) || o.getValue().startsWith(dir)) {
            ctx.problemAt(
                path, "overlaps " + o.getKey() + ": a file target needs a directory of its own");
          }
        }
        for (Map.Entry<String, Path> o : targets) {
          if (dir.startsWith(o.getValue()) || o.getValue().startsWith(dir)) {
            ctx.problemAt(
                path, "overlaps " + o.getKey() + ": two file targets must not share a directory");
          }
        }
        targets.add(Map.entry(path, dir));
      }
    }
  }

  /**
   * {@code p} with symlinks resolved as far as it exists: a target reached through a link into its
   * own source directory is the same directory, and would write into its source and grow each run.
   */
  static Path real(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path existing = abs;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return abs;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(abs));
    } catch (IOException e) {
      return abs;
    }
  }

  private void notFor(boolean wrongType, String path, boolean unset, String message) {
    if (wrongType && !unset) {
      ctx.problemAt(path, message);
    }
  }

  private void deletion(TargetConfig.Deletion d, String path) {
    range(path + ".recovery_window_days", d.recoveryWindowDays(), 7, 30);
    range(path + ".max_deletes", d.maxDeletes(), 0, Integer.MAX_VALUE);
  }

  private void mergeStore(MergeStoreConfig m) {
    switch (m.kind()) {
      case "s3" -> {
        if (m.s3().bucket().isBlank()) {
          ctx.problemAt("merge_store.s3.bucket", "bucket is required");
        }
        supported("merge_store.s3", "store:s3", "the s3 merge store is");
      }
      case "directory" -> {
        if (m.directory().path().isBlank()) {
          ctx.problemAt("merge_store.directory.path", "path is required");
        }
        supported("merge_store.directory", "store:directory", "the directory merge store is");
      }
      case "vault" -> {
        if (m.vault().mount().isBlank()) {
          ctx.problemAt("merge_store.vault.mount", "mount is required");
        }
        supported("merge_store.vault", "store:vault", "the vault merge store is");
      }
      default -> supported("merge_store", "store:memory", "the memory merge store is");
    }
  }

  private void supported(String path, String kind, String what) {
    if (!supported.contains(kind)) {
      ctx.problemAt(path, what + " not supported yet in this version of secretsync");
    }
  }

  private void name(String path, String name, String what) {
    if (!NAME.matcher(name).matches()) {
      ctx.problemAt(
          path,
          "invalid "
              + what
              + " name \""
              + name
              + "\": use letters, digits, '_', '.', '-' (max 128)");
    }
  }

  /**
   * An endpoint must be {@code http(s)://host[:port]} (a push URL may add a path): caught here with
   * its config path, not later as "Illegal character in path at index 3" from a client.
   */
  private void endpoint(String path, String value, String example, boolean pathAllowed) {
    if (value.isEmpty()) {
      return;
    }
    String problem = Endpoints.problem(value, pathAllowed);
    if (problem != null) {
      ctx.problemAt(
          path,
          problem
              + ": expected http(s)://host[:port]"
              + (pathAllowed ? "[/path]" : "")
              + ", e.g. "
              + example);
    }
  }

  private void range(String path, int value, int min, int max) {
    if (value < min || value > max) {
      ctx.problemAt(
          path,
          max == Integer.MAX_VALUE
              ? "must be at least " + min
              : "must be between " + min + " and " + max);
    }
  }

  private void positive(String path, Duration d) {
    if (d.isZero() || d.isNegative()) {
      ctx.problemAt(path, "must be a positive duration");
    }
  }

  private static String known(SecretSyncConfig c) {
    Set<String> names = new java.util.TreeSet<>(c.sources().keySet());
    names.addAll(c.targets().keySet());
    return names.isEmpty() ? "" : " (known: " + String.join(", ", names) + ")";
  }
}
