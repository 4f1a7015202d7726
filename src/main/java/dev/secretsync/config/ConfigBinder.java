package dev.secretsync.config;

import dev.secretsync.core.FingerprintKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Binds the YAML tree to the config records, recording every type or key problem. */
final class ConfigBinder {
  /** The environment variable that sets {@code fingerprint_key}. */
  static final String FINGERPRINT_KEY_ENV = "SECRETSYNC_FINGERPRINT_KEY";

  private static final Set<String> TARGET_TYPES =
      Set.of(TargetConfig.AWS_SECRETSMANAGER, TargetConfig.FILE, TargetConfig.GITHUB);

  private final YamlContext ctx;

  ConfigBinder(YamlContext ctx) {
    this.ctx = ctx;
  }

  SecretSyncConfig bind(Node root, Path file) {
    YamlObject top = YamlObject.of(root, "", ctx);
    VaultConfig vault = VaultBinder.bind(top.object("vault"));
    Map<String, SourceConfig> sources = new LinkedHashMap<>();
    top.namedEntries("sources").forEach((name, node) -> sources.put(name, source(name, node)));
    MergeStoreConfig store = mergeStore(top.object("merge_store"));
    AwsConfig aws = aws(top.object("aws"));
    Map<String, TargetConfig> targets = new LinkedHashMap<>();
    top.namedEntries("targets").forEach((name, node) -> targets.put(name, target(name, node)));
    Map<String, DynamicTargetConfig> dynamicTargets = new DiscoveryBinder(ctx).bind(top);
    PipelineConfig pipeline = pipeline(top.object("pipeline"));
    CircuitBreakerConfig breaker = circuitBreaker(top.object("circuit_breaker"));
    MetricsConfig metrics = metrics(top.object("metrics"));
    LoggingConfig logging = logging(top.object("logging"));
    Optional<FingerprintKey> fingerprintKey = fingerprintKey(top);
    Path parent = file.toAbsolutePath().getParent();
    AgentConfig agent =
        new AgentBinder(ctx, parent == null ? file : parent).bind(top.object("agent"));
    List<NotificationConfig> notifications = new NotificationsBinder(ctx).bind(top);
    List<PolicyConfig> policies = new PolicyBinder(ctx).bind(top, targets.keySet());
    AuditConfig audit = AuditBinder.bind(top.object("audit"));
    TracingConfig tracing = TracingBinder.bind(top.object("tracing"));
    top.finish();
    return new SecretSyncConfig(
        file,
        vault,
        sources,
        store,
        aws,
        targets,
        dynamicTargets,
        pipeline,
        breaker,
        metrics,
        logging,
        fingerprintKey,
        agent,
        notifications,
        policies,
        audit,
        tracing);
  }

  /**
   * {@code fingerprint_key}, overridden by {@code SECRETSYNC_FINGERPRINT_KEY} (the environment wins
   * over the file, as for every setting).
   */
  private Optional<FingerprintKey> fingerprintKey(YamlObject top) {
    String fromEnv = ctx.interpolator.variable(FINGERPRINT_KEY_ENV);
    String text =
        fromEnv != null && !fromEnv.isEmpty() ? fromEnv : top.string("fingerprint_key", "");
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(FingerprintKey.fromConfigured(text));
    } catch (IllegalArgumentException e) {
      top.problem(
          "fingerprint_key",
          (text.equals(fromEnv) ? FINGERPRINT_KEY_ENV + " " : "the key ") + e.getMessage());
      return Optional.empty();
    }
  }

  private SourceConfig source(String name, Node node) {
    YamlObject o = YamlObject.of(node, "sources." + name, ctx);
    SourceConfig.Vault vault = null;
    SourceConfig.File file = null;
    YamlObject v = o.object("vault");
    if (v != null) {
      List<String> paths = v.has("paths") ? v.strings("paths") : List.of("");
      vault =
          new SourceConfig.Vault(
              v.string("mount", ""),
              paths,
              v.choice("kv_version", "auto", Set.of("auto", "1", "2")),
              v.string("address", ""),
              v.string("namespace", ""));
      v.finish();
    }
    YamlObject f = o.object("file");
    if (f != null) {
      file = new SourceConfig.File(f.string("path", ""));
      f.finish();
    }
    o.finish();
    if (vault == null && file == null) {
      o.problem(null, "a source needs exactly one of: vault, file");
    } else if (vault != null && file != null) {
      o.problem(null, "a source takes one of vault or file, not both");
    }
    return new SourceConfig(name, vault, file);
  }

  private MergeStoreConfig mergeStore(YamlObject o) {
    if (o == null) {
      return MergeStoreConfig.MEMORY;
    }
    MergeStoreConfig.S3 s3 = null;
    MergeStoreConfig.Directory dir = null;
    MergeStoreConfig.Vault vault = null;
    YamlObject x;
    if ((x = o.object("s3")) != null) {
      s3 =
          new MergeStoreConfig.S3(
              x.string("bucket", ""),
              x.string("prefix", ""),
              x.string("region", ""),
              x.string("kms_key_id", ""),
              x.string("endpoint", ""),
              x.bool("path_style", false));
      x.finish();
    }
    if ((x = o.object("directory")) != null) {
      dir = new MergeStoreConfig.Directory(x.string("path", ".secretsync/merged"));
      x.finish();
    }
    if ((x = o.object("vault")) != null) {
      vault = new MergeStoreConfig.Vault(x.string("mount", ""));
      x.finish();
    }
    boolean memory = o.has("memory");
    o.json("memory");
    MergeStoreConfig.History history = HistoryBinder.bind(o.object("history"));
    o.finish();
    long n = java.util.stream.Stream.of(s3, dir, vault).filter(s -> s != null).count();
    if (n + (memory ? 1 : 0) > 1) {
      o.problem(null, "choose one merge store (s3, directory, vault or memory)");
    }
    return new MergeStoreConfig(s3, dir, vault, history);
  }

  private AwsConfig aws(YamlObject o) {
    if (o == null) {
      return AwsConfig.defaults();
    }
    AwsConfig.ControlTower ct = AwsConfig.ControlTower.DISABLED;
    YamlObject c = o.object("control_tower");
    if (c != null) {
      String roleName = ct.roleName();
      String rolePath = ct.rolePath();
      YamlObject r = c.object("execution_role");
      if (r != null) {
        roleName = r.string("name", roleName);
        rolePath = r.string("path", rolePath);
        r.finish();
      }
      ct = new AwsConfig.ControlTower(c.bool("enabled", false), roleName, rolePath);
      c.finish();
    }
    AwsConfig aws =
        new AwsConfig(
            o.string("region", ""), o.string("endpoint", ""), o.string("role_pattern", ""), ct);
    o.finish();
    return aws;
  }

  TargetConfig target(String name, Node node) {
    String path = "targets." + name;
    if (node instanceof SequenceNode) {
      // Shorthand from the original tool: `Production: [Staging]`.
      List<String> imports = YamlObject.stringList(node, path, ctx);
      ctx.remember(path + ".imports", node);
      return targetOf(name, TargetConfig.AWS_SECRETSMANAGER, imports);
    }
    YamlObject o = YamlObject.of(node, path, ctx);
    TargetConfig.Deletion deletion = TargetConfig.Deletion.DEFAULT;
    YamlObject d = o.object("deletion");
    if (d != null) {
      deletion =
          new TargetConfig.Deletion(
              d.choice("policy", "retain", Set.of("retain", "delete")),
              d.integer("recovery_window_days", 7),
              d.bool("force", false),
              d.integer("max_deletes", 10));
      d.finish();
    }
    TargetConfig t =
        new TargetConfig(
            name,
            o.choice("type", TargetConfig.AWS_SECRETSMANAGER, TARGET_TYPES),
            o.strings("imports"),
            overrides(o),
            o.string("name_prefix", ""),
            o.stringMap("tags"),
            deletion,
            o.bool("adopt_unmanaged", false),
            o.string("account_id", ""),
            o.string("region", ""),
            o.string("role_arn", ""),
            o.string("kms_key_id", ""),
            replicas(o),
            o.string("path", ""),
            o.string("file_mode", "0600"),
            githubBlock(o),
            new TargetFiltersBinder(ctx).bind(o));
    o.finish();
    return t;
  }

  private static TargetConfig targetOf(String name, String type, List<String> imports) {
    return new TargetConfig(
        name,
        type,
        imports,
        Map.of(),
        "",
        Map.of(),
        TargetConfig.Deletion.DEFAULT,
        false,
        "",
        "",
        "",
        "",
        List.of(),
        "",
        "0600",
        null);
  }

  private static final Set<String> GITHUB_APPS = Set.of("actions", "dependabot", "codespaces");

  private GitHubConfig githubBlock(YamlObject o) {
    YamlObject g = o.object("github");
    if (g == null) {
      return null;
    }
    List<String> apps = g.strings("apps");
    for (int i = 0; i < apps.size(); i++) {
      if (!GITHUB_APPS.contains(apps.get(i))) {
        ctx.problemAt(
            g.child("apps") + "[" + i + "]",
            "\"" + apps.get(i) + "\" is not one of actions, codespaces, dependabot");
      }
    }
    String granularity = g.choice("granularity", "field", Set.of("field", "secret"));
    String scope = g.choice("scope", "repo", Set.of("repo", "environment", "org"));
    GitHubConfig c =
        new GitHubConfig(
            scope,
            g.string("owner", ""),
            g.string("repo", ""),
            g.has("apps") ? apps : List.of("actions"),
            granularity,
            g.string("name_template", "secret".equals(granularity) ? "{key}" : "{key}_{field}"),
            g.strings("exclude"),
            g.string("api_url", ""),
            new GitHubScopeBinder(ctx).bind(g, scope),
            GitHubClientBinder.bind(g));
    g.finish();
    return c;
  }

  /** {@code replica_regions}: plain region strings or {@code {region, kms_key_id}} mappings. */
  private List<TargetConfig.Replica> replicas(YamlObject o) {
    Object raw = o.json("replica_regions");
    if (raw == null) {
      return List.of();
    }
    String path = o.child("replica_regions");
    if (!(raw instanceof List<?> items)) {
      o.problem("replica_regions", "expected a list of regions or {region, kms_key_id} mappings");
      return List.of();
    }
    List<TargetConfig.Replica> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String p = path + "[" + i + "]";
      Object item = items.get(i);
      if (item instanceof String region) {
        out.add(new TargetConfig.Replica(region, ""));
      } else if (item instanceof Map<?, ?> m
          && m.get("region") instanceof String region
          && (m.get("kms_key_id") == null || m.get("kms_key_id") instanceof String)
          && Set.of("region", "kms_key_id").containsAll(m.keySet())) {
        Object key = m.get("kms_key_id");
        out.add(new TargetConfig.Replica(region, key == null ? "" : (String) key));
      } else {
        ctx.problemAt(
            p,
            "expected a region (us-west-2) or {region: us-west-2, kms_key_id: <key in that"
                + " region>}");
      }
    }
    return List.copyOf(out);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Map<String, Object>> overrides(YamlObject o) {
    Object raw = o.json("overrides");
    if (raw == null) {
      return Map.of();
    }
    if (!(raw instanceof Map<?, ?> m)) {
      o.problem("overrides", "expected a mapping of secret key to object");
      return Map.of();
    }
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    m.forEach(
        (k, v) -> {
          if (v instanceof Map<?, ?> secret) {
            out.put((String) k, (Map<String, Object>) secret);
          } else {
            ctx.problemAt(
                o.child("overrides") + "." + k,
                "an override is a JSON object of fields, e.g. {environment: staging}");
          }
        });
    return out;
  }

  private PipelineConfig pipeline(YamlObject o) {
    PipelineConfig d = PipelineConfig.DEFAULT;
    if (o == null) {
      return d;
    }
    PipelineConfig p =
        new PipelineConfig(
            o.integer("parallelism", d.parallelism()),
            o.bool("continue_on_error", d.continueOnError()),
            o.integer("aws_writes_per_second", d.awsWritesPerSecond()));
    o.finish();
    return p;
  }

  private CircuitBreakerConfig circuitBreaker(YamlObject o) {
    CircuitBreakerConfig d = CircuitBreakerConfig.DEFAULT;
    if (o == null) {
      return d;
    }
    CircuitBreakerConfig c =
        new CircuitBreakerConfig(
            o.bool("enabled", d.enabled()),
            o.integer("failure_threshold", d.failureThreshold()),
            o.duration("window", d.window()),
            o.duration("timeout", d.timeout()),
            o.integer("max_requests", d.maxRequests()));
    o.finish();
    return c;
  }

  private MetricsConfig metrics(YamlObject o) {
    MetricsConfig d = MetricsConfig.DEFAULT;
    if (o == null) {
      return d;
    }
    MetricsConfig m =
        new MetricsConfig(
            o.integer("port", d.port()),
            o.string("address", d.address()),
            o.string("path", d.path()),
            o.string("push_url", d.pushUrl()));
    o.finish();
    return m;
  }

  private LoggingConfig logging(YamlObject o) {
    LoggingConfig d = LoggingConfig.DEFAULT;
    if (o == null) {
      return d;
    }
    LoggingConfig l =
        new LoggingConfig(
            o.choice("level", d.level(), Set.of("error", "warn", "info", "debug", "trace")),
            o.choice("format", d.format(), Set.of("text", "json")));
    o.finish();
    return l;
  }
}
