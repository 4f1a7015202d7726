package dev.secretsync.engine;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.config.TargetConfig;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.ChangeKind;
import dev.secretsync.core.DeepMerge;
import dev.secretsync.core.KeyError;
import dev.secretsync.core.RunReport;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import dev.secretsync.core.TargetGraph;
import dev.secretsync.core.TargetPlan;
import dev.secretsync.core.TargetResult;
import dev.secretsync.core.TargetResult.Status;
import dev.secretsync.spi.MergeStore;
import dev.secretsync.spi.ProviderRegistry;
import dev.secretsync.spi.RunContext;
import dev.secretsync.spi.SecretTarget;
import dev.secretsync.spi.TargetState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one target: merge its imports, store the bundle, plan, apply. */
final class TargetRunner {
  private static final Logger LOG = LoggerFactory.getLogger(TargetRunner.class);

  private final ProviderRegistry registry;
  private final SecretSyncConfig config;
  private final TargetGraph graph;
  private final SourceCache sources;
  private final MergeStore store;
  private final RunContext ctx;
  private final PipelineOptions options;
  private final dev.secretsync.observability.Metrics metrics;

  /** Targets whose bundle may be missing secrets this run, with the reason. */
  private final Map<String, String> incomplete = new java.util.concurrent.ConcurrentHashMap<>();

  TargetRunner(
      ProviderRegistry registry,
      SecretSyncConfig config,
      TargetGraph graph,
      SourceCache sources,
      MergeStore store,
      RunContext ctx,
      PipelineOptions options,
      dev.secretsync.observability.Metrics metrics) {
    this.metrics = metrics;
    this.registry = registry;
    this.config = config;
    this.graph = graph;
    this.sources = sources;
    this.store = store;
    this.ctx = ctx;
    this.options = options;
  }

  /**
   * Runs {@code name}.
   *
   * @param deps outcomes of the targets it imports (all usable)
   * @param sync whether to sync (false: merge only, e.g. a dependency of a selected target)
   */
  TargetOutcome run(String name, Map<String, TargetOutcome> deps, boolean sync) {
    org.slf4j.MDC.put("target", name);
    try {
      return runInContext(name, deps, sync);
    } finally {
      org.slf4j.MDC.remove("target");
    }
  }

  private TargetOutcome runInContext(String name, Map<String, TargetOutcome> deps, boolean sync) {
    long start = System.nanoTime();
    TargetConfig tc = config.targets().get(name);
    Bundle bundle;
    try {
      bundle = options.mode() == RunReport.Mode.SYNC_ONLY ? loadStored(name) : merge(tc, deps);
    } catch (RuntimeException e) {
      return failed(tc, "merge failed: " + Errors.describe(e), start, null);
    }
    metrics.phase("merge", System.nanoTime() - start);
    long syncStart = System.nanoTime();
    if (!sync) {
      return new TargetOutcome(
          new TargetResult(
              name, tc.type(), Status.MERGED, null, null, null, "", bundle.size(), since(start)),
          bundle);
    }
    try (SecretTarget target = registry.target(tc, config, ctx)) {
      TargetState state = target.current();
      TargetPlan plan = holdBackDeletions(target.plan(bundle, state), incomplete.get(name));
      long deletes = plan.changes().stream().filter(c -> c.kind() == ChangeKind.DELETE).count();
      if (deletes > tc.deletion().maxDeletes()) {
        String msg =
            "refusing to delete "
                + deletes
                + " secrets: more than deletion.max_deletes ("
                + tc.deletion().maxDeletes()
                + "); nothing was changed. Check the sources, or raise max_deletes if this is"
                + " intended";
        return new TargetOutcome(
            new TargetResult(
                name,
                tc.type(),
                Status.FAILED,
                plan,
                null,
                plan.errors(),
                msg,
                bundle.size(),
                since(start)),
            bundle);
      }
      List<KeyError> errors = new ArrayList<>(plan.errors());
      SecretTarget.ApplyResult applied = new SecretTarget.ApplyResult(List.of(), List.of());
      if (!options.dryRun() && !plan.writes().isEmpty()) {
        applied = target.apply(plan, bundle, state);
        errors.addAll(applied.failures());
      }
      metrics.phase("sync", System.nanoTime() - syncStart);
      Status status = errors.isEmpty() ? Status.OK : Status.PARTIAL;
      String message = errors.isEmpty() ? "" : errors.size() + " secret(s) could not be synced";
      LOG.info(
          "target {}: {} ({}){}",
          name,
          options.dryRun() ? "planned" : "synced",
          plan.summary(),
          errors.isEmpty() ? "" : ", " + errors.size() + " error(s)");
      return new TargetOutcome(
          new TargetResult(
              name,
              tc.type(),
              status,
              plan,
              applied.applied(),
              errors,
              message,
              bundle.size(),
              since(start)),
          bundle);
    } catch (RuntimeException e) {
      return failed(tc, Errors.describe(e), start, bundle);
    }
  }

  private Bundle merge(TargetConfig tc, Map<String, TargetOutcome> deps) {
    // Start every source import before waiting on any, so a target's sources are read together.
    tc.imports().stream().filter(graph::isSource).forEach(sources::get);
    List<Bundle> layers = new ArrayList<>();
    for (String imp : tc.imports()) {
      if (graph.isTarget(imp)) {
        layers.add(deps.get(imp).bundle());
      } else {
        try {
          layers.add(sources.get(imp).join());
        } catch (RuntimeException e) {
          throw new IllegalStateException(
              "source \"" + imp + "\" failed: " + Errors.describe(Errors.unwrap(e)), e);
        }
      }
    }
    if (!tc.overrides().isEmpty()) {
      Map<SecretKey, Secret> overrides = new TreeMap<>();
      tc.overrides().forEach((k, v) -> overrides.put(SecretKey.of(k), Secret.of(v)));
      layers.add(Bundle.of(overrides));
    }
    Bundle bundle = DeepMerge.merge(layers);
    for (String imp : tc.imports()) {
      String why = graph.isTarget(imp) ? incomplete.get(imp) : sources.incompleteReason(imp);
      if (why != null) {
        incomplete.putIfAbsent(tc.name(), why);
      }
    }
    if (options.mode() != RunReport.Mode.SYNC_ONLY && !options.dryRun()) {
      save(tc.name(), bundle);
    }
    return bundle;
  }

  /**
   * When a source was read incompletely (skipped paths, denied secrets, or nothing at all), a
   * missing key may be missing only from this read: deleting it would lose a secret. Such deletions
   * become orphans for this run, with the reason.
   */
  static TargetPlan holdBackDeletions(TargetPlan plan, String incompleteReason) {
    if (incompleteReason == null
        || plan.changes().stream().noneMatch(c -> c.kind() == ChangeKind.DELETE)) {
      return plan;
    }
    LOG.warn("target {}: deletions held back this run because {}", plan.target(), incompleteReason);
    List<dev.secretsync.core.Change> changes = new ArrayList<>();
    for (dev.secretsync.core.Change c : plan.changes()) {
      changes.add(
          c.kind() != ChangeKind.DELETE
              ? c
              : dev.secretsync.core.Change.of(
                  ChangeKind.ORPHAN,
                  c.key(),
                  c.name(),
                  c.before(),
                  null,
                  "not deleted: " + incompleteReason + "; deletions wait for a complete read"));
    }
    return new TargetPlan(plan.target(), changes, plan.errors());
  }

  private void save(String name, Bundle bundle) {
    Optional<MergeStore.StoredVersion> existing = store.describe(name);
    if (existing.isPresent() && store.fingerprint(bundle).equals(existing.get().fingerprint())) {
      LOG.debug("target {}: merged bundle unchanged in {}", name, store.describe());
      return;
    }
    store.save(name, bundle, existing.map(MergeStore.StoredVersion::version));
    LOG.debug("target {}: merged bundle stored in {}", name, store.describe());
  }

  private Bundle loadStored(String name) {
    return store
        .load(name)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no merged bundle for target \""
                        + name
                        + "\" in "
                        + store.describe()
                        + ": run `secretsync pipeline --merge-only` first"))
        .bundle();
  }

  private TargetOutcome failed(TargetConfig tc, String message, long start, Bundle bundle) {
    LOG.error("target {}: {}", tc.name(), message);
    return new TargetOutcome(
        new TargetResult(
            tc.name(),
            tc.type(),
            Status.FAILED,
            null,
            null,
            null,
            message,
            bundle == null ? -1 : bundle.size(),
            since(start)),
        bundle);
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
