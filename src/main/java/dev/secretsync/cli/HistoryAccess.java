package dev.secretsync.cli;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.core.HistoryEntry;
import dev.secretsync.core.Printable;
import dev.secretsync.engine.Pipeline;
import dev.secretsync.engine.RunIds;
import dev.secretsync.spi.BundleHistory;
import dev.secretsync.spi.MergeStore;
import dev.secretsync.spi.RunContext;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read access to a target's history for {@code history} and {@code rollback}: opens the configured
 * merge store as a dry run (so reading never creates a fingerprint key or writes anything) and
 * explains, in one line, why there is no history to read.
 */
final class HistoryAccess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryAccess.class);

  private final ExecutorService pool;
  private final RunServices services;
  private final BuiltInProviders registry;
  private final MergeStore store;
  private final BundleHistory history;

  private HistoryAccess(
      ExecutorService pool,
      RunServices services,
      BuiltInProviders registry,
      MergeStore store,
      BundleHistory history) {
    this.pool = pool;
    this.services = services;
    this.registry = registry;
    this.store = store;
    this.history = history;
  }

  /**
   * Opens the history of the config's merge store.
   *
   * @throws IllegalArgumentException with the reason when {@code target} is unknown or the store
   *     keeps no history
   */
  static HistoryAccess open(SecretSyncConfig config, String target, CliContext ctx) {
    if (!Pipeline.graphOf(config).isTarget(target)) {
      throw new IllegalArgumentException(
          "--target: unknown target \""
              + Printable.of(target)
              + "\" (targets: "
              + String.join(", ", config.targets().keySet())
              + ")");
    }
    if ("memory".equals(config.mergeStore().kind())) {
      throw new IllegalArgumentException(
          "the memory merge store keeps no history (bundles live for one run); configure"
              + " merge_store (s3, directory or vault) to record versions");
    }
    if (!config.mergeStore().history().enabled()) {
      throw new IllegalArgumentException(
          "merge_store.history.keep is 0, so no versions are recorded; set it (e.g. keep: 50)");
    }
    RunServices services = RunServices.start(config, noMetrics(), ctx);
    BuiltInProviders registry = new BuiltInProviders(services.breakers(), services.metrics());
    ExecutorService pool = Executors.newFixedThreadPool(config.pipeline().parallelism());
    RunContext rc =
        new RunContext(
            RunIds.next(),
            config.baseDir(),
            ctx.env(),
            config.pipeline().parallelism(),
            pool,
            true,
            // Opening the store for a read repeats what a run warns about (e.g. plaintext files).
            w -> LOG.debug("while reading history: {}", w),
            config.fingerprintKey());
    MergeStore store;
    try {
      store = registry.mergeStore(config.mergeStore(), config, rc);
    } catch (RuntimeException e) {
      registry.close();
      services.close();
      pool.shutdownNow();
      throw e;
    }
    return new HistoryAccess(pool, services, registry, store, store.history().orElse(null));
  }

  /** Observability options without a metrics server or push (a read, not a run). */
  static ObservabilityOptions noMetrics() {
    ObservabilityOptions o = new ObservabilityOptions();
    o.metricsPort = 0;
    o.metricsPushUrl = "";
    return o;
  }

  /** The entries of {@code target}, newest first. */
  List<HistoryEntry> entries(String target) {
    return history == null ? List.of() : history.entries(target);
  }

  BundleHistory history() {
    return history;
  }

  /** {@code s3://bucket/prefix}, … */
  String where() {
    return store.describe();
  }

  /** {@code v10, v9, v8} — the versions that exist, for an error message. */
  static String versions(List<HistoryEntry> entries) {
    return entries.isEmpty()
        ? "none"
        : entries.stream().map(e -> "v" + e.version()).collect(Collectors.joining(", "));
  }

  @Override
  public void close() {
    store.close();
    registry.close();
    services.close();
    pool.shutdownNow();
  }
}
