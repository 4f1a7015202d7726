package dev.secretsync.engine;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.config.TargetConfig;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.ChangeKind;
import dev.secretsync.core.DeepMerge;
import dev.secretsync.core.KeyError;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import dev.secretsync.core.TargetGraph;
import dev.secretsync.core.TargetPlan;
import dev.secretsync.core.TargetResult;
import dev.secretsync.core.TargetResult.Status;
import dev.secretsync.observability.Metrics;
import dev.secretsync.observability.TraceSpan;
import dev.secretsync.observability.Tracing;
import dev.secretsync.spi.ApplyAbortedException;
import dev.secretsync.spi.HistoryOrigin;
import dev.secretsync.spi.MergeStore;
import dev.secretsync.spi.ProviderRegistry;
import dev.secretsync.spi.RunContext;
import dev.secretsync.spi.SecretTarget;
import dev.secretsync.spi.SecretTarget.ApplyResult;
import dev.secretsync.spi.TargetState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

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
  private final Metrics metrics;
  private final PlanGate gate;

  /** The rollback this run makes, or null. */
  private Rollback rollback;

  /** Targets whose bundle may be missing secrets this run, with the reason. */
  private final Map<String, String> incomplete = new ConcurrentHashMap<>();

  TargetRunner(
      ProviderRegistry registry,
      SecretSyncConfig config,
      TargetGraph graph,
      SourceCache sources,
      MergeStore store,
      RunContext ctx,
      PipelineOptions options,
      Metrics metrics,
      PlanGate gate) {
    this.metrics = metrics;
    this.gate = gate;
    this.registry = registry;
    this.config = config;
    this.graph = graph;
    this.sources = sources;
    this.store = store;
    this.ctx = ctx;
    this.options = options;
  }

  /** Makes this runner sync {@code r}'s target to its historical bundle; returns this. */
  TargetRunner withRollback(Rollback r) {
    this.rollback = r;
    return this;
  }

  /**
   * Runs {@code name}.
   *
   * @param deps outcomes of the targets it imports (all usable)
   * @param sync whether to sync (false: merge only, e.g. a dependency of a selected target)
   */
  TargetOutcome run(String name, Map<String, TargetOutcome> deps, boolean sync) {
    MDC.put("target", name);
    try (TraceSpan span = Tracing.start("target")) {
      span.set("secretsync.target", name)
          .set("secretsync.provider", config.targets().get(name).type());
      TargetOutcome out = runInContext(name, deps, sync);
      RunSpans.target(span, out.result());
      return out;
    } finally {
      MDC.remove("target");
    }
  }

  private TargetOutcome runInContext(String name, Map<String, TargetOutcome> deps, boolean sync) {
    long start = System.nanoTime();
    TargetConfig tc = config.targets().get(name);
    Merged merged;
    try (TraceSpan phase = Tracing.start("merge")) {
      merged =
          rollingBack(name)
              ? rolledBack()
              : options.mode().syncsFromStore() ? Merged.stored(loadStored(name)) : merge(tc, deps);
    } catch (RuntimeException e) {
      return failed(tc, "merge failed: " + Errors.describe(e), start, null);
    }
    Bundle bundle = merged.bundle();
    // Targets that import this one build on its merged bundle, before its own filters.
    Bundle inherited = merged.inherited();
    metrics.phase("merge", System.nanoTime() - start);
    long syncStart = System.nanoTime();
    if (!sync) {
      return new TargetOutcome(
          new TargetResult(
              name,
              tc.type(),
              Status.MERGED,
              null,
              null,
              null,
              "",
              bundle.size(),
              since(start),
              options.dryRun()),
          inherited);
    }
    try (SecretTarget target = registry.target(tc, config, ctx)) {
      TargetState state;
      TargetPlan plan;
      try (TraceSpan phase = Tracing.start("plan")) {
        state = target.confirm(target.current(bundle), bundle, merged.previous());
        plan = PlanAdjustments.holdBackDeletions(target.plan(bundle, state), incomplete.get(name));
        RunSpans.counts(phase.set("secretsync.keys", bundle.size()), plan.summary());
      }
      if (options.diff()) {
        plan = PlanAdjustments.withFieldDiffs(plan, target, bundle);
        if (options.dryRun() && store.history().isPresent()) {
          plan = VersionContext.annotate(plan, store.history().get());
        }
      }
      Optional<String> held = gate.check(planned(tc, bundle, plan));
      if (held.isPresent()) {
        return refused(tc, plan, held.get(), bundle, start);
      }
      long deletes = plan.changes().stream().filter(c -> c.kind() == ChangeKind.DELETE).count();
      String refusal =
          deletes > tc.deletion().maxDeletes()
              ? "refusing to delete "
                  + deletes
                  + " secrets: more than deletion.max_deletes ("
                  + tc.deletion().maxDeletes()
                  + "); nothing was changed. Check the sources, or raise max_deletes if this is"
                  + " intended"
              : PolicyGate.check(config, tc, plan, bundle, options.dryRun(), ctx, Instant.now());
      if (refusal != null) {
        return refused(tc, plan, refusal, bundle, start);
      }
      List<KeyError> errors = new ArrayList<>(plan.errors());
      ApplyResult applied = new ApplyResult(List.of(), List.of());
      String aborted = null;
      if (!options.dryRun() && !plan.writes().isEmpty()) {
        try (TraceSpan phase = Tracing.start("apply")) {
          try {
            applied = target.apply(plan, bundle, state);
          } catch (ApplyAbortedException e) {
            // Part of the plan reached the target: report those writes, not none of them.
            applied = e.partial();
            aborted = Errors.withoutTarget(name, Errors.describe(e));
            LOG.error("target {}: {}", name, aborted);
            phase.error(aborted);
          }
          phase
              .set("secretsync.writes", plan.writes().size())
              .set("secretsync.failed", applied.failures().size());
        }
        errors.addAll(applied.failures());
      }
      metrics.phase("sync", System.nanoTime() - syncStart);
      Status status =
          aborted != null ? Status.FAILED : errors.isEmpty() ? Status.OK : Status.PARTIAL;
      String message =
          aborted != null
              ? aborted
              : errors.isEmpty() ? "" : errors.size() + " secret(s) could not be synced";
      TargetResult result =
          new TargetResult(
              name,
              tc.type(),
              status,
              plan,
              applied.applied(),
              errors,
              message,
              bundle.size(),
              since(start),
              options.dryRun());
      if (rollingBack(name) && !options.dryRun() && status != Status.FAILED) {
        save(name, bundle, rollback.version());
      }
      LOG.info(
          "target {}: {} ({})", name, options.dryRun() ? "planned" : "synced", result.summary());
      return new TargetOutcome(result, inherited);
    } catch (RuntimeException e) {
      return failed(tc, Errors.describe(e), start, bundle);
    }
  }

  /** The target failed before any write, with its plan shown as not attempted. */
  private TargetOutcome refused(
      TargetConfig tc, TargetPlan plan, String message, Bundle bundle, long start) {
    return new TargetOutcome(
        new TargetResult(
            tc.name(),
            tc.type(),
            Status.FAILED,
            plan,
            null,
            plan.errors(),
            message,
            bundle.size(),
            since(start),
            options.dryRun()),
        bundle,
        true);
  }

  /** What the gate sees; the sources are only gathered when a gate is set. */
  private PlanGate.Planned planned(TargetConfig tc, Bundle bundle, TargetPlan plan) {
    Map<String, Bundle> direct = new TreeMap<>();
    if (gate != PlanGate.NONE && !options.mode().syncsFromStore()) {
      // Already read for the merge: these joins return the cached bundles.
      tc.imports().stream()
          .filter(graph::isSource)
          .forEach(s -> direct.put(s, sources.get(s).join()));
    }
    return new PlanGate.Planned(tc.name(), tc.type(), bundle, direct, plan, store::fingerprint);
  }

  /**
   * A target's desired bundle (merged, then filtered), the one the merge store held for it before
   * this run (empty when unknown: nothing stored yet, in-memory store, dry run, {@code
   * --sync-only}), and the merged bundle before its filters (what importing targets inherit).
   */
  private record Merged(Bundle bundle, Optional<Bundle> previous, Bundle inherited) {
    /** {@code --sync-only}: the stored bundle is already filtered, and nobody imports it. */
    static Merged stored(Bundle bundle) {
      return new Merged(bundle, Optional.empty(), bundle);
    }
  }

  private Merged merge(TargetConfig tc, Map<String, TargetOutcome> deps) {
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
    Bundle merged = DeepMerge.merge(layers);
    Bundle bundle = new TargetFilterStep(config, sources).apply(tc, merged);
    for (String imp : tc.imports()) {
      String why = graph.isTarget(imp) ? incomplete.get(imp) : sources.incompleteReason(imp);
      if (why != null) {
        incomplete.putIfAbsent(tc.name(), why);
      }
    }
    Optional<Bundle> previous = Optional.empty();
    if (!options.mode().syncsFromStore() && !options.dryRun()) {
      previous = save(tc.name(), bundle, 0);
    }
    return new Merged(bundle, previous, merged);
  }

  /**
   * The rollback's bundle. It is stored (a new version naming the old one) only once the target
   * took it — a refused or failed rollback leaves the store and its history as they were.
   */
  private Merged rolledBack() {
    // A historical bundle is taken whole: it was filtered when it was saved.
    return new Merged(
        rollback.bundle(),
        options.dryRun() ? Optional.empty() : previousBundle(rollback.target()),
        rollback.bundle());
  }

  private boolean rollingBack(String name) {
    return rollback != null && rollback.target().equals(name);
  }

  /**
   * Stores the bundle when it changed, and returns the bundle stored before (when there was one):
   * targets whose listings lag use it to tell which keys the previous run wrote. It is read (one
   * GET) only when the bundle changed, so a no-op run reads nothing more than the describe.
   */
  private Optional<Bundle> save(String name, Bundle bundle, int rollbackOf) {
    Optional<MergeStore.StoredVersion> existing = store.describe(name);
    if (existing.isPresent() && store.fingerprint(bundle).equals(existing.get().fingerprint())) {
      LOG.debug("target {}: merged bundle unchanged in {}", name, store.describe());
      return Optional.of(bundle);
    }
    Optional<Bundle> previous = existing.isPresent() ? previousBundle(name) : Optional.empty();
    HistoryOrigin origin =
        new HistoryOrigin(ctx.runId(), HistoryOrigin.actor(ctx.env()), Instant.now(), rollbackOf);
    store.save(name, bundle, existing.map(MergeStore.StoredVersion::version), origin);
    LOG.debug("target {}: merged bundle stored in {}", name, store.describe());
    return previous;
  }

  private Optional<Bundle> previousBundle(String name) {
    try {
      return store.load(name).map(MergeStore.StoredBundle::bundle);
    } catch (RuntimeException e) {
      // Only a hint for change detection: without it, recent writes are judged from the target.
      LOG.warn(
          "target {}: previous bundle in {} unreadable ({}); it is replaced",
          name,
          store.describe(),
          Errors.describe(e));
      return Optional.empty();
    }
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

  private TargetOutcome failed(TargetConfig tc, String failure, long start, Bundle bundle) {
    String message = Errors.withoutTarget(tc.name(), failure);
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
            since(start),
            options.dryRun()),
        bundle);
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
