package dev.secretsync.config;

import dev.secretsync.core.FingerprintKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole {@code secretsync.yaml}, bound and interpolated. Maps keep the file's order. See {@code
 * docs/configuration.md} for every key.
 *
 * @param file the file the config was read from
 * @param vault connection settings shared by Vault sources (may be defaults)
 * @param sources named sources
 * @param mergeStore where merged bundles are kept
 * @param aws AWS settings shared by AWS targets
 * @param targets named targets
 * @param dynamicTargets account discovery blocks (targets generated per discovered account)
 * @param pipeline run settings
 * @param circuitBreaker breaker settings
 * @param metrics metrics settings
 * @param logging logging settings
 * @param fingerprintKey the configured key of keyed fingerprints ({@code
 *     SECRETSYNC_FINGERPRINT_KEY}, else {@code fingerprint_key}), or empty: each target and merge
 *     store then keeps a generated key of its own
 * @param agent the sidecar jobs and settings ({@link AgentConfig#NONE} when absent)
 * @param notifications where end-of-run messages go (webhook, Slack), in file order
 * @param policies rules every target's plan is checked against before anything is written
 * @param audit where applied and refused changes are recorded ({@link AuditConfig#NONE} when
 *     absent)
 * @param tracing OpenTelemetry tracing settings ({@link TracingConfig#DEFAULT} when absent)
 */
public record SecretSyncConfig(
    Path file,
    VaultConfig vault,
    Map<String, SourceConfig> sources,
    MergeStoreConfig mergeStore,
    AwsConfig aws,
    Map<String, TargetConfig> targets,
    Map<String, DynamicTargetConfig> dynamicTargets,
    PipelineConfig pipeline,
    CircuitBreakerConfig circuitBreaker,
    MetricsConfig metrics,
    LoggingConfig logging,
    Optional<FingerprintKey> fingerprintKey,
    AgentConfig agent,
    List<NotificationConfig> notifications,
    List<PolicyConfig> policies,
    AuditConfig audit,
    TracingConfig tracing) {

  /** The directory relative paths in the config are resolved against. */
  public Path baseDir() {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? file.toAbsolutePath() : parent;
  }

  /** Resolves a path from the config against {@link #baseDir()}. */
  public Path resolve(String path) {
    return baseDir().resolve(path).normalize();
  }
}
