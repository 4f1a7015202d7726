package dev.secretsync.cli;

import dev.secretsync.config.MergeStoreConfig;
import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.config.SourceConfig;
import dev.secretsync.config.TargetConfig;
import dev.secretsync.observability.Metrics;
import dev.secretsync.provider.awssm.AwsClients;
import dev.secretsync.provider.awssm.SecretsManagerTarget;
import dev.secretsync.provider.file.DirectoryMergeStore;
import dev.secretsync.provider.file.FileSource;
import dev.secretsync.provider.file.FileTarget;
import dev.secretsync.provider.github.GitHubClients;
import dev.secretsync.provider.github.GitHubTarget;
import dev.secretsync.provider.memory.MemoryMergeStore;
import dev.secretsync.provider.s3.S3MergeStore;
import dev.secretsync.provider.vault.VaultMergeStore;
import dev.secretsync.provider.vault.VaultSessions;
import dev.secretsync.provider.vault.VaultSourceFactory;
import dev.secretsync.resilience.Breakers;
import dev.secretsync.spi.MergeStore;
import dev.secretsync.spi.ProviderRegistry;
import dev.secretsync.spi.RunContext;
import dev.secretsync.spi.SecretSource;
import dev.secretsync.spi.SecretTarget;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;

/**
 * The providers this build ships, wired by config kind. Adding a provider means: a package under
 * {@code provider}, a case here, and its kind in {@link #SUPPORTED} (see CONTRIBUTING.md).
 */
final class BuiltInProviders implements ProviderRegistry {
  private final Breakers breakers;
  private final Metrics metrics;

  /**
   * @param breakers the run's circuit breakers, one per service endpoint
   * @param metrics the run's metrics
   */
  BuiltInProviders(Breakers breakers, Metrics metrics) {
    this.breakers = breakers;
    this.metrics = metrics;
  }

  /** Without breakers or exported metrics (validate, tests). */
  BuiltInProviders() {
    this(Breakers.disabled(), new Metrics(false));
  }

  /** The interceptor that puts an AWS endpoint's calls behind its breaker and into the metrics. */
  private ExecutionInterceptor observer(String breakerName, String service) {
    return new AwsCallObserver(breakerName, service, breakers, metrics, throttled);
  }

  /** Throttled AWS attempts so far (each was retried, or the change failed and says so). */
  private final LongAdder throttled = new LongAdder();

  /** How many AWS requests were throttled during the run. */
  long throttledRequests() {
    return throttled.sum();
  }

  /** One HTTP client for every AWS SDK client of the run (connection pool shared, closed once). */
  private final OnFirstUse<SdkHttpClient> awsHttpClient = new OnFirstUse<>();

  /** The shared AWS HTTP client, created on first use so runs without AWS never load the SDK. */
  SdkHttpClient awsHttpClient(int parallelism) {
    return awsHttpClient.get(
        () -> ApacheHttpClient.builder().maxConnections(Math.max(16, parallelism * 2)).build());
  }

  /** The run's AWS clients (per account/region/role), created on first AWS target. */
  private final OnFirstUse<AwsClients> awsClients = new OnFirstUse<>();

  private AwsClients awsClients(SecretSyncConfig all, RunContext ctx) {
    return awsClients.get(
        () ->
            new AwsClients(
                all.aws(),
                ctx.env(),
                awsHttpClient(ctx.parallelism()),
                ctx.runId(),
                all.pipeline().awsWritesPerSecond(),
                this::observer));
  }

  // ---- Vault (provider.vault) ----
  /** Vault logins and HTTP clients shared by the run's Vault sources; close() revokes tokens. */
  private final OnFirstUse<VaultSessions> vaultSessions = new OnFirstUse<>();

  private VaultSessions vaultSessions() {
    return vaultSessions.get(() -> new VaultSessions(breakers, metrics));
  }

  // ---- GitHub (provider.github) ----
  /** One HTTP client, credential and write gate per token for every GitHub target of the run. */
  private final OnFirstUse<GitHubClients> githubClients = new OnFirstUse<>();

  /** The run's merge store: GitHub targets keep their state record in it. */
  private MergeStore mergeStore;

  private GitHubClients githubClients() {
    return githubClients.get(() -> new GitHubClients(breakers, metrics));
  }

  private synchronized MergeStore storeForState(TargetConfig config) {
    if (mergeStore == null) {
      throw new IllegalStateException(
          "target " + config.name() + ": github targets need the run's merge store");
    }
    return mergeStore;
  }

  @Override
  public void close() {
    githubClients.take(); // java.net.http clients of Java 17 have no close(); idle ones expire
    synchronized (this) {
      mergeStore = null;
    }
    VaultSessions vault = vaultSessions.take();
    if (vault != null) {
      vault.close();
    }
    AwsClients aws = awsClients.take();
    if (aws != null) {
      aws.close();
    }
    SdkHttpClient http = awsHttpClient.take();
    if (http != null) {
      http.close();
    }
  }

  /** Kinds the config validator accepts; anything else is "not supported yet". */
  static final Set<String> SUPPORTED =
      Set.of(
          "source:file",
          "target:file",
          "target:aws_secretsmanager",
          "target:github",
          "store:memory",
          "store:directory",
          "store:s3",
          // Vault (provider.vault)
          "source:vault",
          "store:vault");

  @Override
  public Set<String> supported() {
    return SUPPORTED;
  }

  @Override
  public SecretSource source(SourceConfig config, SecretSyncConfig all, RunContext ctx) {
    if (config.file() != null) {
      return new FileSource(config.name(), all.resolve(config.file().path()), ctx);
    }
    if (config.vault() != null) {
      return VaultSourceFactory.create(config, all, ctx, vaultSessions());
    }
    throw unsupported("source", config.kind());
  }

  @Override
  public SecretTarget target(TargetConfig config, SecretSyncConfig all, RunContext ctx) {
    if (TargetConfig.FILE.equals(config.type())) {
      String loose = FileTarget.looseModeWarning(config);
      if (loose != null) {
        ctx.warnings().warn(loose);
      }
      return new FileTarget(config, all.resolve(config.path()), ctx);
    }
    if (TargetConfig.AWS_SECRETSMANAGER.equals(config.type())) {
      return new SecretsManagerTarget(
          config, all.aws(), all.targets().keySet(), awsClients(all, ctx), ctx);
    }
    if (TargetConfig.GITHUB.equals(config.type())) {
      return new GitHubTarget(config, githubClients(), storeForState(config), ctx);
    }
    throw unsupported("target", config.type());
  }

  @Override
  public MergeStore mergeStore(MergeStoreConfig config, SecretSyncConfig all, RunContext ctx) {
    MergeStore store = createMergeStore(config, all, ctx);
    synchronized (this) {
      mergeStore = store;
    }
    return store;
  }

  private MergeStore createMergeStore(
      MergeStoreConfig config, SecretSyncConfig all, RunContext ctx) {
    return switch (config.kind()) {
      case "memory" -> new MemoryMergeStore(ctx);
      case "directory" -> {
        var path = all.resolve(config.directory().path());
        ctx.warnings()
            .warn(
                "merge store "
                    + path
                    + " keeps merged secrets in plaintext files (0600); use it for development"
                    + " only");
        yield new DirectoryMergeStore(path, ctx, config.history().keep());
      }
      case "s3" ->
          S3MergeStore.create(
              config.s3(),
              all.aws(),
              ctx,
              awsHttpClient(ctx.parallelism()),
              bucket -> observer(bucket, "s3"),
              config.history().keep());
      case "vault" -> VaultMergeStore.create(config, all, ctx, vaultSessions());
      default -> throw unsupported("merge store", config.kind());
    };
  }

  private static IllegalStateException unsupported(String what, String kind) {
    return new IllegalStateException(what + " kind \"" + kind + "\" is not supported yet");
  }
}
