package dev.secretsync.cli;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.core.Printable;
import dev.secretsync.core.RunReport;
import dev.secretsync.core.TargetGraph;
import dev.secretsync.engine.Pipeline;
import dev.secretsync.engine.PipelineOptions;
import dev.secretsync.engine.Progress;
import dev.secretsync.report.ReportFormat;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
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
      "  secretsync pipeline -c secretsync.yaml -o json > plan.json      # machine-readable",
      "",
      "Exit codes: 0 success, 1 failure, 2 usage error.",
      "With --exit-code: 0 no changes, 1 changes present, 2 failure."
    })
final class PipelineCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineCommand.class);
  private final CliContext ctx;

  @Mixin ConfigOptions options;

  @Option(
      names = "--dry-run",
      description = "Plan only: write nothing to targets or the merge store.")
  boolean dryRun;

  @Option(names = "--diff", description = "Show field-level differences of updated secrets.")
  boolean diff;

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
              + " unless --allow-show-values-in-ci is given too.")
  boolean showValues;

  @Option(
      names = "--allow-show-values-in-ci",
      description =
          "Allow --show-values where the environment marks a CI run (CI=true, GITHUB_ACTIONS=true,"
              + " …): values then land in the build log.")
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

  @picocli.CommandLine.Mixin ObservabilityOptions observability;

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

  /**
   * A flag (or its {@code SECRETSYNC_*} variable) with a value no run can use, as one line naming
   * the flag, the variable and what to do; {@code null} when all are usable.
   */
  private String usageProblem() {
    if (parallelism != null && (parallelism < 1 || parallelism > 256)) {
      return "--parallelism (or SECRETSYNC_PARALLELISM): "
          + parallelism
          + " is out of range; use 1 to 256, or leave it out to use pipeline.parallelism";
    }
    String logFormat = observability.logFormat;
    if (logFormat != null && !logFormat.equals("text") && !logFormat.equals("json")) {
      return "--log-format (or SECRETSYNC_LOG_FORMAT): \""
          + Printable.of(logFormat)
          + "\" is not a log format; use text or json";
    }
    if (!targets.isEmpty() && targets.stream().allMatch(t -> t.isBlank())) {
      return "--targets: no target name given; name targets (e.g. --targets Staging,Production),"
          + " or leave the option out to sync every target";
    }
    return null;
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
    String usage = usageProblem();
    if (usage != null) {
      return fail(ExitCodes.USAGE, usage);
    }
    if (showValues && !allowShowValuesInCi) {
      // A build log is read by many and kept for months: plaintext there is a leak.
      String marker = CiEnvironment.detect(ctx.env()).orElse(null);
      if (marker != null) {
        ctx.err()
            .println(
                "error: --show-values prints secret values in plain text, and this looks like a CI"
                    + " run ("
                    + marker
                    + "); pass --allow-show-values-in-ci (or set"
                    + " SECRETSYNC_ALLOW_SHOW_VALUES_IN_CI=true) if the log is private");
        return ExitCodes.USAGE;
      }
    }
    SecretSyncConfig config = options.load(ctx);
    if (config == null) {
      if (json()) {
        ctx.out().print(JsonError.render("invalid configuration", options.problems));
      }
      return ExitCodes.failure(exitCode);
    }
    Progress progress = progress();
    LogSetup.configure(
        options.level(config.logging().level()),
        observability.logFormat != null ? observability.logFormat : config.logging().format(),
        progress instanceof TerminalProgress t ? t.logStream() : ctx.err());
    if (showValues && !"human".equals(output)) {
      ctx.err().println("warning: --show-values applies to human output only; values stay masked");
    }
    Set<String> selected = new LinkedHashSet<>();
    targets.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(selected::add);
    TargetGraph graph = Pipeline.graphOf(config);
    for (String t : selected) {
      if (!graph.isTarget(t)) {
        return fail(
            ExitCodes.USAGE,
            "--targets: unknown target \""
                + Printable.of(t)
                + "\" (targets: "
                + String.join(", ", graph.order())
                + ")");
      }
    }
    if (phase.syncOnly && "memory".equals(config.mergeStore().kind())) {
      return fail(
          ExitCodes.failure(exitCode),
          "--sync-only reads bundles from the merge store, but the config has none"
              + " (memory); configure merge_store (s3, directory or vault)");
    }
    RunReport.Mode mode =
        phase.mergeOnly
            ? RunReport.Mode.MERGE_ONLY
            : phase.syncOnly ? RunReport.Mode.SYNC_ONLY : RunReport.Mode.FULL;
    RunReport report;
    Interruption.Watch watch = null;
    try (RunServices services = RunServices.start(config, observability, ctx);
        BuiltInProviders registry = new BuiltInProviders(services.breakers(), services.metrics())) {
      Pipeline pipeline =
          new Pipeline(registry, config, ctx.env(), Clock.systemUTC(), services.metrics())
              .withProgress(progress);
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
      services.finish(options.config);
    } catch (IllegalStateException e) {
      if (watch != null) {
        watch.close();
      }
      return fail(ExitCodes.failure(exitCode), e.getMessage());
    }
    try (Interruption.Watch printing = watch) {
      return print(format, report);
    }
  }

  /** Prints the report (and the GitHub files) and returns the exit code. */
  private int print(ReportFormat format, RunReport report) {
    boolean useColor =
        "always".equals(color)
            || ("auto".equals(color) && ctx.terminal() && !ctx.env().containsKey("NO_COLOR"));
    ctx.out()
        .print(
            format.render(
                report,
                new ReportFormat.RenderOptions(
                    diff, showValues && "human".equals(output), useColor)));
    ctx.out().flush();
    if ("github".equals(output)) {
      GithubFiles.write(report, ctx);
    }
    if (report.failed()) {
      return ExitCodes.failure(exitCode);
    }
    return exitCode && report.hasChanges() ? ExitCodes.DRIFT : ExitCodes.OK;
  }
}
