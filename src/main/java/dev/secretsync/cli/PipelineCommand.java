package dev.secretsync.cli;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.core.RunReport;
import dev.secretsync.engine.Pipeline;
import dev.secretsync.engine.PipelineOptions;
import dev.secretsync.engine.Progress;
import dev.secretsync.engine.RunIds;
import dev.secretsync.engine.Shard;
import dev.secretsync.engine.ShardPlan;
import dev.secretsync.plan.PlanRecorder;
import dev.secretsync.report.ReportFormat;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code secretsync pipeline}: merge, plan, apply. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Merge every target's imports (sources and other targets, in order, then overrides), keep"
          + " the merged bundles in the merge store, plan the changes against each target's"
          + " current state, and apply them. Only secrets secretsync owns are ever changed or"
          + " deleted. A second run with nothing changed writes nothing.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  secretsync pipeline --config secretsync.yaml --dry-run --diff   # review the plan",
      "  secretsync pipeline --config secretsync.yaml                    # apply",
      "  secretsync pipeline -c secretsync.yaml --targets Production     # one target (+ its imports)",
      "  secretsync pipeline -c secretsync.yaml --dry-run --exit-code    # drift gate for CI",
      "  secretsync pipeline -c secretsync.yaml -o json > report.json    # machine-readable",
      "  secretsync pipeline -c secretsync.yaml --dry-run --plan-file plan.json  # save for apply",
      "  secretsync pipeline -c s.yaml --sync-only --shard 1/4 --report-file shard-1.json",
      "",
      "Exit codes: 0 success, 1 failure, 2 usage error.",
      "With --exit-code: 0 no changes, 1 changes present, 2 failure."
    })
final class PipelineCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineCommand.class);
  final CliContext ctx;
  private final PipelineOutput results = new PipelineOutput(this);

  @Mixin ConfigOptions options;

  @Option(
      names = "--dry-run",
      description = "Plan only: write nothing to targets or the merge store.")
  boolean dryRun;

  @Option(
      names = "--refresh-discovery",
      description = "List dynamic_targets accounts afresh even within their cache.ttl.")
  boolean refreshDiscovery;

  @Option(names = "--diff", description = "Show field-level differences of updated secrets.")
  boolean diff;

  @Option(
      names = "--plan-file",
      paramLabel = "FILE",
      description =
          "With --dry-run: save the plan (fingerprints and names, no values) for `secretsync"
              + " apply FILE`.")
  String planFile;

  @ArgGroup(exclusive = true)
  Phase phase = new Phase();

  /** --merge-only and --sync-only exclude each other. */
  static final class Phase {
    @Option(
        names = "--merge-only",
        description = "Merge and store the bundles; do not touch targets.")
    boolean mergeOnly;

    @Option(
        names = "--sync-only",
        description =
            "Sync targets from bundles already in the merge store (needs s3/directory/vault store).")
    boolean syncOnly;
  }

  @Option(
      names = "--targets",
      split = ",",
      paramLabel = "NAME",
      description =
          "Sync only these targets (comma-separated); their target imports are merged too.")
  List<String> targets = List.of();

  @Mixin ShardOptions sharding;

  @Option(
      names = "--report-file",
      paramLabel = "FILE",
      description =
          "Also write the report as JSON to FILE (whatever -o prints), e.g. one per shard for"
              + " `secretsync report` to combine. Written even when the run fails.")
  Path reportFile;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "human",
      paramLabel = "FORMAT",
      completionCandidates = OutputFormats.class,
      description = "Report format: human, json, github or compact (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(
      names = "--exit-code",
      description =
          "Drift gate: exit 0 when nothing changes, 1 when there are changes, 2 on failure.")
  boolean exitCode;

  @Option(
      names = "--show-values",
      description =
          "Reveal values in --diff output (human format only; for debugging). Refused in CI"
              + " unless --i-know-this-is-ci is given too.")
  boolean showValues;

  @Option(
      // The longest name keeps SECRETSYNC_ALLOW_SHOW_VALUES_IN_CI working (EnvDefaults).
      names = {"--i-know-this-is-ci", "--allow-show-values-in-ci"},
      description =
          "Allow --show-values where the environment marks a CI run (CI=true, GITHUB_ACTIONS=true,"
              + " …): values then land in the build log. --allow-show-values-in-ci is an alias.")
  boolean allowShowValuesInCi;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "Concurrent operations (default: pipeline.parallelism from the config, 16).")
  Integer parallelism;

  @Option(
      names = "--color",
      defaultValue = "auto",
      paramLabel = "WHEN",
      description = "Colour human output: auto, always, never (default: ${DEFAULT-VALUE}).")
  String color;

  @Mixin ObservabilityOptions observability;

  @Mixin AuditOptions audit;

  /** A progress line only for people: a terminal on stderr and the human format. */
  private Progress progress() {
    return ctx.terminal() && "human".equals(output) && !ctx.env().containsKey("CI")
        ? new TerminalProgress(ctx.err())
        : Progress.NONE;
  }

  private boolean json() {
    return "json".equals(output);
  }

  /**
   * Prints {@code message} as {@code error: …} on stderr — and, with {@code -o json}, as a JSON
   * error document on stdout — and returns {@code code}.
   */
  private int fail(int code, String message) {
    ctx.err().println("error: " + message);
    if (json()) {
      ctx.out().print(JsonError.render(message, List.of(message)));
      ctx.out().flush();
    }
    return code;
  }

  PipelineCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ReportFormat format;
    try {
      format = ReportFormat.named(output);
    } catch (IllegalArgumentException e) {
      ctx.err().println("error: --output: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    String usage = PipelineUsage.problem(this);
    if (usage != null) {
      return fail(ExitCodes.USAGE, usage);
    }
    Shard shard;
    try {
      shard = sharding.resolve(ctx.env());
    } catch (IllegalArgumentException e) {
      return fail(ExitCodes.USAGE, e.getMessage());
    }
    String showValuesInCi = PipelineUsage.showValuesInCi(this);
    if (showValuesInCi != null) {
      ctx.err().println("error: " + showValuesInCi);
      return ExitCodes.USAGE;
    }
    RunReport.Mode mode =
        phase.mergeOnly
            ? RunReport.Mode.MERGE_ONLY
            : phase.syncOnly ? RunReport.Mode.SYNC_ONLY : RunReport.Mode.FULL;
    SecretSyncConfig loaded = options.load(ctx);
    if (loaded == null) {
      if (json()) {
        ctx.out().print(JsonError.render("invalid configuration", options.problems));
      }
      results.writeFailureReport(
          "invalid configuration: " + String.join("; ", options.problems), shard, mode);
      return ExitCodes.failure(exitCode);
    }
    Progress progress = progress();
    LogSetup.configure(
        options.level(loaded.logging().level()),
        observability.logFormat != null ? observability.logFormat : loaded.logging().format(),
        progress instanceof TerminalProgress t ? t.logStream() : ctx.err());
    List<String> discoveryProblems = new ArrayList<>();
    DiscoveryStep.Outcome discovered =
        DiscoveryStep.run(
            ctx, loaded, options.config, refreshDiscovery, !dryRun, discoveryProblems);
    if (discovered == null) {
      if (json()) {
        ctx.out().print(JsonError.render(discoveryProblems.get(0), discoveryProblems));
      }
      results.writeFailureReport(String.join("; ", discoveryProblems), shard, mode);
      return ExitCodes.failure(exitCode);
    }
    SecretSyncConfig config = discovered.config();
    if (showValues && !"human".equals(output)) {
      ctx.err().println("warning: --show-values applies to human output only; values stay masked");
    }
    Set<String> selected = new LinkedHashSet<>();
    targets.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(selected::add);
    String unknown = PipelineUsage.unknownTarget(selected, Pipeline.graphOf(config));
    if (unknown != null) {
      return fail(ExitCodes.USAGE, unknown);
    }
    if (phase.syncOnly && "memory".equals(config.mergeStore().kind())) {
      String why =
          "--sync-only reads bundles from the merge store, but the config has none"
              + " (memory); configure merge_store (s3, directory or vault)"
              + (shard == null ? "" : " so that sharded sync-only runs share the merged bundles");
      results.writeFailureReport(why, shard, mode);
      return fail(ExitCodes.failure(exitCode), why);
    }
    Set<String> shardTargets = Set.of();
    if (shard != null) {
      shardTargets = ShardPlan.of(config, ctx.env(), shard.count()).targetsOf(shard.index());
      if (!selected.isEmpty()) {
        shardTargets.retainAll(selected);
      }
      LOG.info("shard {}: {} target(s): {}", shard, shardTargets.size(), shardTargets);
      if (shardTargets.isEmpty()) {
        // An empty selection would mean "every target" to the engine: answer here instead.
        RunReport empty =
            new RunReport(
                RunIds.next(),
                Instant.now(),
                Duration.ZERO,
                dryRun,
                mode,
                List.of(),
                List.of(),
                List.of("shard " + shard + " has no targets; nothing to do"));
        results.writeReportFile(ReportFile.of(empty, shard, shardTargets));
        return results.print(format, empty);
      }
      selected = new LinkedHashSet<>(shardTargets);
    }
    AuditTrail auditTrail;
    try {
      auditTrail =
          AuditTrail.open(
              config,
              audit.auditLog,
              dryRun || phase.mergeOnly,
              ctx,
              "pipeline",
              progress,
              w -> ctx.err().println("warning: " + w));
    } catch (IllegalStateException e) {
      results.writeFailureReport(e.getMessage(), shard, mode);
      return fail(ExitCodes.failure(exitCode), e.getMessage());
    }
    RunReport report;
    PlanRecorder recorder = planFile == null ? null : new PlanRecorder();
    Optional<String> planProblem = Optional.empty();
    Interruption.Watch watch = null;
    try (RunServices services = RunServices.startTraced(config, observability, ctx);
        BuiltInProviders registry = new BuiltInProviders(services.breakers(), services.metrics())) {
      Pipeline pipeline =
          new Pipeline(registry, config, ctx.env(), Clock.systemUTC(), services.metrics())
              .withProgress(auditTrail);
      if (recorder != null) {
        pipeline.withGate(PlanKeys.recording(recorder));
      }
      watch = Interruption.watch(pipeline);
      report =
          pipeline.run(
              new PipelineOptions(
                  dryRun, mode, selected, parallelism == null ? 0 : parallelism, diff));
      long throttled = registry.throttledRequests();
      if (throttled > 0) {
        // Once, at the end: each throttle was retried, so it is a pacing note, not an error.
        LOG.info(
            "{} throttled AWS request(s) retried; lower pipeline.aws_writes_per_second if this"
                + " grows",
            throttled);
      }
      if (recorder != null) {
        planProblem =
            PlanSaving.save(
                ctx.resolve(planFile),
                planFile,
                report,
                recorder,
                config,
                options.config,
                registry,
                ctx);
      }
      services.finish(options.config, shard);
    } catch (IllegalStateException e) {
      auditTrail.close();
      if (watch != null) {
        watch.close();
      }
      results.writeFailureReport(e.getMessage(), shard, mode);
      int code = fail(ExitCodes.failure(exitCode), e.getMessage());
      results.notify(
          config,
          new RunReport(
              "-",
              Instant.now(),
              Duration.ZERO,
              dryRun,
              mode,
              List.of(),
              List.of(e.getMessage()),
              List.of()));
      return code;
    }
    try (Interruption.Watch printing = watch) {
      int code;
      if (!results.writeReportFile(ReportFile.of(report, shard, shardTargets))) {
        results.print(format, report);
        code = ExitCodes.failure(exitCode);
      } else {
        code = results.print(format, report);
      }
      List<String> unrecorded = auditTrail.finish(config, ctx, report.started());
      if (!unrecorded.isEmpty()) {
        unrecorded.forEach(p -> ctx.err().println("error: " + p));
        code = ExitCodes.failure(exitCode);
      }
      results.notify(config, report);
      if (planProblem.isPresent()) {
        ctx.err().println("error: " + planProblem.get());
        return ExitCodes.failure(exitCode);
      }
      // An account skipped for a placeholder without value is a failure, after the others synced.
      return discovered.accountProblems().isEmpty() || report.failed()
          ? code
          : ExitCodes.failure(exitCode);
    }
  }
}
