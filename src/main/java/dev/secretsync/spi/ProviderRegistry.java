package dev.secretsync.spi;

import dev.secretsync.config.MergeStoreConfig;
import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.config.SourceConfig;
import dev.secretsync.config.TargetConfig;
import java.util.Set;

/**
 * Creates providers from config. The CLI wires the implementation that knows every provider
 * package; the engine depends only on this interface, so a new provider never changes the engine.
 */
public interface ProviderRegistry extends AutoCloseable {

  /** Provider kinds this registry can create, e.g. {@code source:file}, {@code target:file}. */
  Set<String> supported();

  /** Creates the source {@code config.name()}. */
  SecretSource source(SourceConfig config, SecretSyncConfig all, RunContext ctx);

  /** Creates the target {@code config.name()}. */
  SecretTarget target(TargetConfig config, SecretSyncConfig all, RunContext ctx);

  /** Creates the merge store. */
  MergeStore mergeStore(MergeStoreConfig config, SecretSyncConfig all, RunContext ctx);

  /** Releases clients shared between providers (HTTP clients, tokens). Never throws. */
  @Override
  default void close() {}
}
