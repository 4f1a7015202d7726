package dev.secretsync.cli;

import dev.secretsync.config.Durations;
import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.core.RunReport;
import dev.secretsync.core.TargetResult;
import dev.secretsync.engine.Pipeline;
import dev.secretsync.engine.PipelineOptions;
import dev.secretsync.engine.PlanGate;
import dev.secretsync.engine.Progress;
import dev.secretsync.observability.TraceSpan;
import dev.secretsync.observability.Tracing;
import dev.secretsync.plan.PlanCheck;
import dev.secretsync.plan.PlanException;
import dev.secretsync.plan.PlanFile;
import dev.secretsync.plan.PlanKey;
import dev.secretsync.plan.SavedPlan;
import dev.secretsync.report.ReportFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code secretsync apply PLAN}: carries out a saved plan while it is still exactly true. */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Apply a plan saved by `secretsync pipeline --dry-run --plan-file PLAN`, and only that plan:"
          + " the sources and targets are read again, and nothing is written unless the config,"
          + " every target's merged bundle and every target's live state are exactly as when the"
          + " plan was made. A stale or edited plan writes nothing.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  secretsync pipeline -c secretsync.yaml --dry-run --plan-file plan.json   # in the PR",
      "  secretsync apply plan.json -c secretsync.yaml                            # after merge",
      "",
      "Exit codes: 0 applied, 1 failure or stale plan, 2 usage error.",
      "With --exit-code: 0 nothing changed, 1 changes applied, 2 failure or stale plan."
    })
final class ApplyCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Parameters(index = "0", paramLabel = "PLAN", description = "The plan file to apply.")
  String planFile;

  @Mixin ConfigOptions options;

  @Option(
      names = "--max-plan-age",
      defaultValue = "24h",
      paramLabel = "DURATION",
      description = "Refuse plans older than this, e.g. 30m, 24h (default: ${DEFAULT-VALUE}).")
  String maxPlanAge;

  @Option(
      names = "--exit-code",
      description = "Exit 0 when nothing changed, 1 when changes were applied, 2 on failure.")
  boolean exitCode;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "human",
      paramLabel = "FORMAT",
      description = "Report format: human, json, github or compact (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(
      names = "--color",
      defaultValue = "auto",
      paramLabel = "WHEN",
      description = "Colour human output: auto, always, never (default: ${DEFAULT-VALUE}).")
  String color;

  @Mixin ObservabilityOptions observability;

  @Mixin AuditOptions audit;

  ApplyCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ReportFormat format;
    Duration maxAge;
    try {
      format = ReportFormat.named(output);
    } catch (IllegalArgumentException e) {
      ctx.err().println("error: --output: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    try {
      maxAge = Durations.parse(maxPlanAge);
    } catch (IllegalArgumentException e) {
      ctx.err().println("error: --max-plan-age (or SECRETSYNC_MAX_PLAN_AGE): " + e.getMessage());
      return ExitCodes.USAGE;
    }
    String colorProblem = ReportColors.problem(color);
    if (colorProblem != null) {
      ctx.err().println("error: " + colorProblem);
      return ExitCodes.USAGE;
    }
    SavedPlan saved;
    try {
      saved = PlanFile.read(ctx.resolve(planFile), planFile);
    } catch (PlanException e) {
      return fail(e.getMessage());
    }
    if (saved.targets().isEmpty()) {
      return fail("plan file " + planFile + " plans no target; make a new plan");
    }
    SecretSyncConfig config = options.load(ctx);
    if (config == null) {
      return ExitCodes.failure(exitCode);
    }
    LogSetup.configure(
        options.level(config.logging().level()),
        observability.logFormat != null ? observability.logFormat : config.logging().format(),
        ctx.err());
    AuditTrail auditTrail;
    try {
      auditTrail =
          AuditTrail.open(
              config,
              audit.auditLog,
              false,
              ctx,
              "apply",
              Progress.NONE,
              w -> ctx.err().println("warning: " + w));
    } catch (IllegalStateException e) {
      return fail(e.getMessage());
    }
    PlanCheck check = new PlanCheck(saved);
    PlanGate gate =
        p -> check.check(p.target(), p.desired(), p.sources(), p.plan(), PlanKey.of(p.keyed()));
    PipelineOptions dryRun =
        new PipelineOptions(
            true, RunReport.Mode.FULL, new LinkedHashSet<>(check.targets()), 0, false);
    RunReport report;
    Interruption.Watch watch = null;
    try (RunServices services = RunServices.startTraced(config, observability, ctx);
        BuiltInProviders registry = new BuiltInProviders(services.breakers(), services.metrics());
        // One trace for the check and the apply: both runs become children of this span.
        TraceSpan span = Tracing.startRun("secretsync.apply", ctx.env())) {
      span.set("secretsync.plan_run_id", saved.runId());
      String configText = PlanKeys.configText(config);
      PlanKeys.withKey(
          config,
          registry,
          ctx,
          saved.runId(),
          key -> {
            check.verify(key, configText, Instant.now(), maxAge);
            return null;
          });
      // First the whole plan, with nothing written: a stale target must hold back all of them.
      RunReport checked =
          new Pipeline(registry, config, ctx.env(), Clock.systemUTC(), services.metrics())
              .withGate(gate)
              .run(dryRun);
      if (checked.failed()) {
        auditTrail.close();
        return refuse(checked);
      }
      // Then for real; each target is checked again right before its writes.
      Pipeline pipeline =
          new Pipeline(registry, config, ctx.env(), Clock.systemUTC(), services.metrics())
              .withGate(gate)
              .withProgress(auditTrail);
      watch = Interruption.watch(pipeline);
      report =
          pipeline.run(new PipelineOptions(false, RunReport.Mode.FULL, dryRun.targets(), 0, false));
      services.finish(options.config);
    } catch (PlanException | IllegalStateException e) {
      auditTrail.close();
      if (watch != null) {
        watch.close();
      }
      return fail(e.getMessage());
    }
    try (Interruption.Watch printing = watch) {
      int code = print(format, report);
      List<String> unrecorded = auditTrail.finish(config, ctx, report.started());
      unrecorded.forEach(p -> ctx.err().println("error: " + p));
      return unrecorded.isEmpty() ? code : ExitCodes.failure(exitCode);
    }
  }

  /** Reports why the plan was not applied (nothing was written) and returns the failure code. */
  private int refuse(RunReport checked) {
    List<String> reasons = new ArrayList<>(checked.problems());
    for (TargetResult r : checked.targets()) {
      if (r.failed()) {
        reasons.add(
            r.message().startsWith("stale plan")
                ? r.message()
                : "target " + r.target() + ": " + r.message());
      }
    }
    reasons.forEach(r -> ctx.err().println("error: " + r));
    String summary = "the plan was not applied: nothing was written";
    ctx.err().println("error: " + summary);
    if ("json".equals(output)) {
      ctx.out().print(JsonError.render(summary, reasons));
      ctx.out().flush();
    }
    return ExitCodes.failure(exitCode);
  }

  private int fail(String message) {
    ctx.err().println("error: " + message);
    if ("json".equals(output)) {
      ctx.out().print(JsonError.render(message, List.of(message)));
      ctx.out().flush();
    }
    return ExitCodes.failure(exitCode);
  }

  private int print(ReportFormat format, RunReport report) {
    ctx.out()
        .print(
            format.render(
                report,
                new ReportFormat.RenderOptions(false, false, ReportColors.use(color, ctx))));
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
