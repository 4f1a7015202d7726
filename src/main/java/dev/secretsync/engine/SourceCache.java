package dev.secretsync.engine;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.config.SourceConfig;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import dev.secretsync.observability.TraceSpan;
import dev.secretsync.observability.Tracing;
import dev.secretsync.spi.ProviderRegistry;
import dev.secretsync.spi.RunContext;
import dev.secretsync.spi.SecretSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads each source at most once per run, on first use, in parallel with other sources. Targets
 * that import the same source share the one read. Custom metadata, for targets that filter on it,
 * is read on demand and shared the same way ({@link SourceMetadata}).
 */
final class SourceCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SourceCache.class);

  private final ProviderRegistry registry;
  private final SecretSyncConfig config;
  private final RunContext ctx;
  private final ExecutorService pool;
  private final Progress progress;
  private final Map<String, CompletableFuture<Bundle>> reads = new ConcurrentHashMap<>();
  private final Map<String, String> incomplete = new ConcurrentHashMap<>();
  private final SourceMetadata metadata;

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
    this.metadata = new SourceMetadata(registry, config, ctx);
  }

  /** The custom metadata of {@code keys} in {@code source}, each read at most once per run. */
  Map<SecretKey, Map<String, String>> customMetadata(String source, List<SecretKey> keys) {
    return metadata.of(source, keys);
  }

  /** Closes the sources opened for metadata. */
  @Override
  public void close() {
    metadata.close();
  }

  /** Starts reading {@code source} if nobody has; returns the shared future. */
  CompletableFuture<Bundle> get(String source) {
    return reads.computeIfAbsent(
        source, name -> CompletableFuture.supplyAsync(() -> read(name), pool));
  }

  /**
   * Why {@code source} may be missing secrets this run (it skipped paths or secrets with a warning,
   * or found none), or null when it was read completely. Valid once its read finished.
   */
  String incompleteReason(String source) {
    return incomplete.get(source);
  }

  private Bundle read(String name) {
    SourceConfig sc = config.sources().get(name);
    long start = System.nanoTime();
    LOG.debug("source {}: listing", name);
    AtomicInteger warned = new AtomicInteger();
    // The source's own context counts its warnings: a warning means something was skipped.
    RunContext sourceCtx =
        new RunContext(
            ctx.runId(),
            ctx.baseDir(),
            ctx.env(),
            ctx.parallelism(),
            ctx.ioExecutor(),
            ctx.dryRun(),
            w -> {
              warned.incrementAndGet();
              ctx.warnings().warn(w);
            },
            ctx.configuredKey());
    SecretSource source = registry.source(sc, config, sourceCtx);
    boolean kept = false;
    try (TraceSpan span = Tracing.start("source")) {
      span.set("secretsync.source", name).set("secretsync.provider", sc.kind());
      List<SecretKey> keys = source.list();
      Map<SecretKey, Secret> secrets = source.read(keys);
      Bundle bundle = Bundle.of(secrets);
      if (warned.get() > 0) {
        incomplete.put(
            name, "source " + name + " skipped " + warned.get() + " path(s) or secret(s)");
      } else if (bundle.isEmpty()) {
        incomplete.put(name, "source " + name + " has no secrets");
      }
      span.set("secretsync.keys", bundle.size()).set("secretsync.complete", warned.get() == 0);
      progress.sourceRead(name, bundle.size());
      LOG.info(
          "source {}: read {} secrets in {} ms",
          name,
          bundle.size(),
          (System.nanoTime() - start) / 1_000_000);
      // Metadata filters reuse the open source (its mount is already detected); closed at the end.
      kept = metadata.wanted() && metadata.keep(name, source);
      return bundle;
    } finally {
      if (!kept) {
        source.close();
      }
    }
  }
}
