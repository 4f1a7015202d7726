package dev.secretsync.cli;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.HistoryEntry;
import dev.secretsync.core.Printable;
import dev.secretsync.core.RunReport;
import dev.secretsync.engine.Pipeline;
import dev.secretsync.engine.PipelineOptions;
import dev.secretsync.engine.Progress;
import dev.secretsync.engine.Rollback;
import dev.secretsync.report.ReportFormat;
import dev.secretsync.spi.ProviderException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code secretsync rollback}: converge a target to a bundle from its history. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Make a target converge to an earlier version of its merged bundle (see `secretsync"
          + " history`), through the normal plan and apply: only secrets secretsync owns change,"
          + " deletion.max_deletes holds, and --dry-run writes nothing. The rollback is stored as"
          + " a new version. The next ordinary `pipeline` run merges the sources again and moves"
          + " the target forward.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  secretsync rollback -c secretsync.yaml --target Production --to 3 --dry-run",
      "  secretsync rollback -c secretsync.yaml --target Production --to 3",
      "  secretsync rollback -c secretsync.yaml --target Production --to 3fa9c01b   # a run id"
    })
final class RollbackCommand implements Callable<Integer> {
  private static final Pattern VERSION = Pattern.compile("v?([0-9]{1,7})");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private final CliContext ctx;

  @Mixin ConfigOptions options;

  @Mixin AuditOptions audit;

  @Option(names = "--target", required = true, paramLabel = "NAME", description = "The target.")
  String target;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "VERSION|RUN",
      description = "The version (3 or v3) or the run id (8 hex digits) to go back to.")
  String to;

  @Option(names = "--dry-run", description = "Show the plan only: write nothing.")
  boolean dryRun;

  @Option(names = "--diff", description = "Show field-level differences of updated secrets.")
  boolean diff;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "human",
      paramLabel = "FORMAT",
      description = "Report format: human, json, github or compact (default: ${DEFAULT-VALUE}).")
  String output;

  RollbackCommand(CliContext ctx) {
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
    LogSetup.configure(options.level("warn"), ctx.err());
    SecretSyncConfig config = options.load(ctx);
    if (config == null) {
      return ExitCodes.FAILURE;
    }
    HistoryEntry entry;
    Bundle bundle;
    try (HistoryAccess access = HistoryAccess.open(config, target, ctx)) {
      List<HistoryEntry> entries = access.entries(target);
      Optional<HistoryEntry> found = find(entries, to);
      if (found.isEmpty()) {
        ctx.err()
            .println(
                "error: --to "
                    + Printable.of(to)
                    + ": target "
                    + target
                    + " has no such version or run in its history (versions kept: "
                    + HistoryAccess.versions(entries)
                    + "); see `secretsync history --target "
                    + target
                    + "`");
        return ExitCodes.FAILURE;
      }
      entry = found.get();
      bundle = access.history().bundle(target, entry);
    } catch (IllegalArgumentException | ProviderException e) {
      ctx.err().println("error: " + e.getMessage());
      return ExitCodes.FAILURE;
    }
    if (!"json".equals(output)) {
      ctx.out()
          .println(
              "Rollback of target "
                  + target
                  + " to v"
                  + entry.version()
                  + " ("
                  + TIME.format(entry.time())
                  + " UTC by "
                  + Printable.of(entry.actor())
                  + ", run "
                  + entry.runId()
                  + ", "
                  + bundle.size()
                  + (bundle.size() == 1 ? " secret" : " secrets")
                  + ")"
                  + (dryRun ? " — dry run, the plan first:" : ""));
      ctx.out().println();
    }
    AuditTrail auditTrail;
    try {
      auditTrail =
          AuditTrail.open(
              config,
              audit.auditLog,
              dryRun,
              ctx,
              "rollback",
              Progress.NONE,
              w -> ctx.err().println("warning: " + w));
    } catch (IllegalStateException e) {
      ctx.err().println("error: " + e.getMessage());
      return ExitCodes.FAILURE;
    }
    RunReport report;
    try (auditTrail;
        RunServices services = RunServices.startTraced(config, HistoryAccess.noMetrics(), ctx);
        BuiltInProviders registry = new BuiltInProviders(services.breakers(), services.metrics())) {
      report =
          new Pipeline(registry, config, ctx.env(), Clock.systemUTC(), services.metrics())
              .withRollback(new Rollback(target, bundle, entry.version()))
              .withProgress(auditTrail)
              .run(new PipelineOptions(dryRun, RunReport.Mode.ROLLBACK, Set.of(target), 0, diff));
    } catch (IllegalStateException e) {
      ctx.err().println("error: " + e.getMessage());
      return ExitCodes.FAILURE;
    }
    ctx.out().print(format.render(report, new ReportFormat.RenderOptions(diff, false, false)));
    if (!"json".equals(output)) {
      ctx.out()
          .println(
              (dryRun || report.failed()
                      ? ""
                      : "Target " + target + " is at v" + entry.version() + " again. ")
                  + "The next ordinary `secretsync pipeline` run merges the sources again and"
                  + " moves target "
                  + target
                  + " forward: fix the sources (or pause the pipeline) to keep this version.");
    }
    ctx.out().flush();
    List<String> unrecorded = auditTrail.finish(config, ctx, report.started());
    unrecorded.forEach(p -> ctx.err().println("error: " + p));
    return report.failed() || !unrecorded.isEmpty() ? ExitCodes.FAILURE : ExitCodes.OK;
  }

  /** The entry {@code to} names: a version number ({@code 3}, {@code v3}) or a run id. */
  static Optional<HistoryEntry> find(List<HistoryEntry> entries, String to) {
    String t = to.strip();
    var m = VERSION.matcher(t);
    if (m.matches()) {
      int version = Integer.parseInt(m.group(1));
      Optional<HistoryEntry> byVersion =
          entries.stream().filter(e -> e.version() == version).findFirst();
      if (byVersion.isPresent()) {
        return byVersion;
      }
    }
    return entries.stream().filter(e -> e.runId().equalsIgnoreCase(t)).findFirst();
  }
}
