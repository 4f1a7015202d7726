package dev.secretsync.config;

import java.nio.file.Path;
import java.util.Map;

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
 * @param dynamicTargets discovery rules (not supported yet; must be empty)
 * @param pipeline run settings
 * @param circuitBreaker breaker settings
 * @param metrics metrics settings
 * @param logging logging settings
 */
public record SecretSyncConfig(
    Path file,
    VaultConfig vault,
    Map<String, SourceConfig> sources,
    MergeStoreConfig mergeStore,
    AwsConfig aws,
    Map<String, TargetConfig> targets,
    Map<String, Object> dynamicTargets,
    PipelineConfig pipeline,
    CircuitBreakerConfig circuitBreaker,
    MetricsConfig metrics,
    LoggingConfig logging) {

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
