package dev.secretsync.engine;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.config.SourceConfig;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import dev.secretsync.spi.ProviderRegistry;
import dev.secretsync.spi.RunContext;
import dev.secretsync.spi.SecretSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads each source at most once per run, on first use, in parallel with other sources. Targets
 * that import the same source share the one read.
 */
final class SourceCache {
  private static final Logger LOG = LoggerFactory.getLogger(SourceCache.class);

  private final ProviderRegistry registry;
  private final SecretSyncConfig config;
  private final RunContext ctx;
  private final ExecutorService pool;
  private final Progress progress;
  private final Map<String, CompletableFuture<Bundle>> reads = new ConcurrentHashMap<>();

  SourceCache(
      ProviderRegistry registry,
      SecretSyncConfig config,
      RunContext ctx,
      ExecutorService pool,
      Progress progress) {
    this.progress = progress;
    this.registry = registry;
    this.config = config;
    this.ctx = ctx;
    this.pool = pool;
  }

  /** Starts reading {@code source} if nobody has; returns the shared future. */
  CompletableFuture<Bundle> get(String source) {
    return reads.computeIfAbsent(
        source, name -> CompletableFuture.supplyAsync(() -> read(name), pool));
  }

  private Bundle read(String name) {
    SourceConfig sc = config.sources().get(name);
    long start = System.nanoTime();
    LOG.debug("source {}: listing", name);
    try (SecretSource source = registry.source(sc, config, ctx)) {
      List<SecretKey> keys = source.list();
      Map<SecretKey, Secret> secrets = source.read(keys);
      Bundle bundle = Bundle.of(secrets);
      progress.sourceRead(name, bundle.size());
      LOG.info(
          "source {}: read {} secrets in {} ms",
          name,
          bundle.size(),
          (System.nanoTime() - start) / 1_000_000);
      return bundle;
    }
  }
}
