package dev.secretsync.engine;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.config.TargetConfig;
import dev.secretsync.core.Change;
import dev.secretsync.core.ChangeOutcome;
import dev.secretsync.core.RunReport;
import dev.secretsync.core.TargetGraph;
import dev.secretsync.core.TargetResult;
import dev.secretsync.core.TargetResult.Status;
import dev.secretsync.observability.Metrics;
import dev.secretsync.observability.TraceSpan;
import dev.secretsync.observability.Tracing;
import dev.secretsync.spi.MergeStore;
import dev.secretsync.spi.ProviderRegistry;
import dev.secretsync.spi.RunContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The run: merge each target's imports in topological order, keep the bundles in the merge store,
 * plan each target against its current state, and apply (unless dry run).
 *
 * <p>Targets run as soon as the targets they import are done, up to {@code parallelism} at once. A
 * failed target makes its dependents fail with "skipped: depends on failed target X"; with {@code
 * continue_on_error: false}, the first failure stops every target not yet started.
 */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  private final ProviderRegistry registry;
  private final SecretSyncConfig config;
  private final Map<String, String> env;
  private final Clock clock;
  private final Metrics metrics;
  private Progress progress = Progress.NONE;
  private PlanGate gate = PlanGate.NONE;
  private Rollback rollback;

  /** Set by {@link #interrupt}: no target starts after it. */
  private volatile boolean interrupted;

  /** Threads running a target right now, interrupted by {@link #interrupt}. */
  private final Set<Thread> running = ConcurrentHashMap.newKeySet();

  /**
   * Stops the run from another thread (a signal): targets not yet started are skipped, running
   * targets are interrupted and report what they did so far. {@link #run} then returns its report
   * with an "interrupted" problem. Safe to call at any time, more than once.
   */
  public void interrupt() {
    interrupted = true;
    running.forEach(Thread::interrupt);
  }

  /**
   * Makes the run a rollback: {@code r}'s target gets its historical bundle instead of a merge (run
   * it with {@code --sync-only} options for that one target); returns this.
   */
  public Pipeline withRollback(Rollback r) {
    this.rollback = r;
    return this;
  }

  /** Reports progress to {@code progress} (e.g. a terminal line); returns this. */
  public Pipeline withProgress(Progress progress) {
    this.progress = progress;
    return this;
  }

  /** Passes every synced target's plan through {@code gate} before it is applied; returns this. */
  public Pipeline withGate(PlanGate gate) {
    this.gate = gate;
    return this;
  }

  /**
   * @param registry creates sources, targets and the merge store
   * @param config a validated config
   * @param env the environment providers may read
   * @param clock for the report's timestamps
   * @param metrics where phase durations and change counts go
   */
  public Pipeline(
      ProviderRegistry registry,
      SecretSyncConfig config,
      Map<String, String> env,
      Clock clock,
      Metrics metrics) {
    this.registry = registry;
    this.config = config;
    this.env = Map.copyOf(env);
    this.clock = clock;
    this.metrics = metrics;
  }

  /** The target graph of the config (throws for unknown imports or cycles). */
  public static TargetGraph graphOf(SecretSyncConfig config) {
    Map<String, List<String>> imports = new LinkedHashMap<>();
    config.targets().forEach((name, t) -> imports.put(name, t.imports()));
    return TargetGraph.of(imports, config.sources().keySet());
  }

  /**
   * The needed sources in the order the targets will want them: targets by (level, name), each
   * target's imports in order. The reads share one FIFO I/O pool, so this lets the first targets
   * start while later sources are still being read; in name order, a source every target imports
   * (say "shared", after "own-000" … "own-099") was read last, and no target could start until
   * every read was done (the fan-out benchmark).
   */
  static List<String> sourceStartOrder(TargetGraph graph, Set<String> needed) {
    Set<String> order = new java.util.LinkedHashSet<>();
    for (String t : graph.orderOf(needed)) {
      for (String imp : graph.importsOf(t)) {
        if (graph.isSource(imp)) {
          order.add(imp);
        }
      }
    }
    return List.copyOf(order);
  }

  /** Runs the pipeline and reports what happened; per-target failures are in the report. */
  public RunReport run(PipelineOptions options) {
    try (TraceSpan span = Tracing.startRun("secretsync.run", env)) {
      RunReport report = traced(options, span);
      RunSpans.counts(span, report.summary());
      if (!report.problems().isEmpty()) {
        span.error(report.problems().get(0));
      } else if (report.failed()) {
        long failed = report.targets().stream().filter(TargetResult::failed).count();
        span.error(failed + " target(s) not ok");
      }
      return report;
    }
  }

  private RunReport traced(PipelineOptions options, TraceSpan span) {
    String runId = RunIds.next();
    MDC.put("run_id", runId);
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    TargetGraph graph = graphOf(config);
    Set<String> synced =
        options.targets().isEmpty() ? graph.targets() : Set.copyOf(options.targets());
    Set<String> needed = options.mode().syncsFromStore() ? synced : graph.closure(synced);
    int parallelism =
        options.parallelism() > 0 ? options.parallelism() : config.pipeline().parallelism();
    span.set("secretsync.run_id", runId)
        .set("secretsync.targets", synced.size())
        .set("secretsync.dry_run", options.dryRun())
        .set("secretsync.mode", options.mode().name().toLowerCase(Locale.ROOT));
    LOG.info(
        "run {} started: {} target(s){}{}",
        runId,
        synced.size(),
        options.dryRun() ? ", dry run" : "",
        options.mode() == RunReport.Mode.FULL ? "" : ", " + options.mode().name().toLowerCase());

    ConcurrentLinkedQueue<String> warnings = new ConcurrentLinkedQueue<>();
    ExecutorService targetPool = BoundedExecutors.fixed("target", parallelism);
    ExecutorService sourcePool = BoundedExecutors.fixed("source", parallelism);
    ExecutorService ioPool = BoundedExecutors.fixed("io", parallelism);
    List<TargetResult> results = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try {
      RunContext ctx =
          new RunContext(
              runId,
              config.baseDir(),
              env,
              parallelism,
              Tracing.propagating(ioPool),
              options.dryRun(),
              w -> {
                LOG.warn(w);
                warnings.add(w);
              },
              config.fingerprintKey());
      progress.started(
          options.mode().syncsFromStore() ? 0 : graph.sourcesOf(needed).size(), needed.size());
      try (SourceCache sources = new SourceCache(registry, config, ctx, sourcePool, progress)) {
        if (!options.mode().syncsFromStore()) {
          // Read every needed source from the start, in parallel, while targets wait their turn.
          sourceStartOrder(graph, needed).forEach(sources::get);
        }
        // The merge store is created after the reads have started: building an S3 store loads
        // and initialises the AWS SDK (~0.3-0.5 s of class loading on 2 cores), which now
        // overlaps the Vault phase instead of delaying its first call. Targets need the store
        // only once their sources are merged.
        try (MergeStore store = registry.mergeStore(config.mergeStore(), config, ctx)) {
          TargetRunner runner =
              new TargetRunner(registry, config, graph, sources, store, ctx, options, metrics, gate)
                  .withRollback(rollback);
          Map<String, CompletableFuture<TargetOutcome>> futures =
              schedule(runId, graph, needed, synced, options, runner, targetPool);
          for (String name : graph.orderOf(needed)) {
            results.add(futures.get(name).join().result());
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.error("run {} failed: {}", runId, Errors.describe(e));
      problems.add(Errors.describe(e));
    } finally {
      BoundedExecutors.shutdown(targetPool);
      BoundedExecutors.shutdown(sourcePool);
      BoundedExecutors.shutdown(ioPool);
    }
    progress.finished();
    if (interrupted) {
      problems.add(
          "interrupted: the run was stopped by a signal; the counts are what was done before it"
              + " stopped, and the rest was not attempted — run again to finish");
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    metrics.phase("pipeline", took.toNanos());
    results.forEach(this::countSynced);
    RunReport report =
        new RunReport(
            runId,
            started,
            took,
            options.dryRun(),
            options.mode(),
            results,
            problems,
            List.copyOf(warnings));
    LOG.info("run {} finished in {} ms: {}", runId, took.toMillis(), report.summary());
    org.slf4j.MDC.remove("run_id");
    return report;
  }

  /**
   * Counts what each target confirmed (planned, on a dry run) by change kind, plus {@code failed}
   * and {@code not_attempted}: the metric must agree with the report, never count the plan of a
   * target that failed.
   */
  private void countSynced(TargetResult r) {
    if (r.plan() == null) {
      return;
    }
    TargetResult.Outcomes outcomes = r.outcomes();
    Map<String, Long> counts = new TreeMap<>();
    for (Change c : r.plan().changes()) {
      ChangeOutcome o = outcomes.of(c);
      String label =
          switch (o) {
            case FAILED, NOT_ATTEMPTED -> o.label();
            default -> c.kind().label();
          };
      counts.merge(label, 1L, Long::sum);
    }
    counts.forEach((label, n) -> metrics.synced(r.target(), label, n));
  }

  private Map<String, CompletableFuture<TargetOutcome>> schedule(
      String runId,
      TargetGraph graph,
      Set<String> needed,
      Set<String> synced,
      PipelineOptions options,
      TargetRunner runner,
      ExecutorService pool) {
    boolean continueOnError = config.pipeline().continueOnError();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    // Read by pool threads while this thread still adds: must be a concurrent map.
    Map<String, CompletableFuture<TargetOutcome>> futures =
        new java.util.concurrent.ConcurrentHashMap<>();
    for (String name : graph.orderOf(needed)) {
      List<String> deps =
          options.mode().syncsFromStore() ? List.of() : graph.targetDependencies(name);
      CompletableFuture<?>[] depFutures =
          deps.stream().map(futures::get).toArray(CompletableFuture[]::new);
      boolean sync = synced.contains(name) && options.mode() != RunReport.Mode.MERGE_ONLY;
      CompletableFuture<TargetOutcome> f =
          CompletableFuture.allOf(depFutures)
              .thenApplyAsync(
                  ignored -> {
                    Map<String, TargetOutcome> outcomes = new HashMap<>();
                    for (String d : deps) {
                      TargetOutcome o = futures.get(d).join();
                      if (!o.usable()) {
                        return skipped(name, "skipped: depends on failed target " + d);
                      }
                      outcomes.put(d, o);
                    }
                    String stop = firstFailure.get();
                    if (!continueOnError && stop != null) {
                      return skipped(
                          name,
                          "skipped: run stopped after target "
                              + stop
                              + " failed (pipeline.continue_on_error: false)");
                    }
                    if (interrupted) {
                      return skipped(name, "not run: the run was interrupted");
                    }
                    TargetOutcome out;
                    running.add(Thread.currentThread());
                    try {
                      out = runner.run(name, outcomes, sync);
                    } catch (RuntimeException | Error e) {
                      // Never let one target's surprise tear down the run under the others.
                      out = failedUnexpectedly(name, e);
                    } finally {
                      running.remove(Thread.currentThread());
                      // A pool thread must not carry this target's interrupt into the next one.
                      Thread.interrupted();
                    }
                    progress.targetDone(name, out.result().summary().changes());
                    progress.targetFinished(runId, out.result(), out.refused());
                    if (out.result().failed()) {
                      firstFailure.compareAndSet(null, name);
                    }
                    return out;
                  },
                  pool);
      futures.put(name, f);
    }
    return futures;
  }

  private TargetOutcome failedUnexpectedly(String name, Throwable e) {
    TargetConfig tc = config.targets().get(name);
    LOG.error("target {}: unexpected failure: {}", name, Errors.describe(e));
    return new TargetOutcome(
        new TargetResult(
            name,
            tc.type(),
            Status.FAILED,
            null,
            null,
            null,
            "unexpected failure: " + Errors.describe(e),
            -1,
            null,
            false),
        null);
  }

  private TargetOutcome skipped(String name, String why) {
    TargetConfig tc = config.targets().get(name);
    LOG.warn("target {}: {}", name, why);
    return new TargetOutcome(
        new TargetResult(name, tc.type(), Status.SKIPPED, null, null, null, why, -1, null, false),
        null);
  }
}
