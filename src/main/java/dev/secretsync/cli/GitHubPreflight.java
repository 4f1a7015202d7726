package dev.secretsync.cli;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.config.TargetConfig;
import dev.secretsync.core.RunReport;
import dev.secretsync.core.TargetResult;
import dev.secretsync.engine.Pipeline;
import dev.secretsync.engine.PipelineOptions;
import dev.secretsync.provider.github.GitHubCheck;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code validate --check-github}: a dry run of the github targets (sources read and merged, each
 * target's state record and listings read, nothing written anywhere), whose plans {@link
 * GitHubCheck} turns into the validation report. Going through the pipeline keeps one place that
 * creates the GitHub client ({@link BuiltInProviders}), so the check authenticates exactly as a run
 * does.
 */
final class GitHubPreflight implements Preflight {
  private final CliContext ctx;

  private GitHubPreflight(CliContext ctx) {
    this.ctx = ctx;
  }

  static Preflight create(CliContext ctx) {
    return new GitHubPreflight(ctx);
  }

  @Override
  public Outcome run(SecretSyncConfig config, Map<String, String> env) {
    Set<String> targets =
        config.targets().values().stream()
            .filter(t -> TargetConfig.GITHUB.equals(t.type()))
            .map(TargetConfig::name)
            .collect(Collectors.toCollection(TreeSet::new));
    if (targets.isEmpty()) {
      return new Outcome(
          "github", List.of(), List.of(), "GitHub: no github target, nothing to check");
    }
    RunReport report;
    try (RunServices services = RunServices.start(config, HistoryAccess.noMetrics(), ctx);
        BuiltInProviders registry = new BuiltInProviders(services.breakers(), services.metrics())) {
      report =
          new Pipeline(registry, config, env, Clock.systemUTC(), services.metrics())
              .run(new PipelineOptions(true, RunReport.Mode.FULL, targets, 0, false));
    }
    List<String> problems = new ArrayList<>(report.problems());
    List<String> warnings = new ArrayList<>(report.warnings());
    List<GitHubCheck.Finding> findings = new ArrayList<>();
    for (TargetResult r : report.targets()) {
      if (!targets.contains(r.target())) {
        continue; // a target a github target imports: merged, not synced
      }
      if (r.plan() == null) {
        problems.add("targets." + r.target() + ": " + r.message());
        continue;
      }
      for (GitHubCheck.Finding f : GitHubCheck.findings(r.plan())) {
        findings.add(f);
        String line =
            String.format(
                "targets.%s: %s %s: %s — %s",
                f.target(), f.scope(), f.kind().label(), f.detail(), f.remediation());
        (f.failing() ? problems : warnings).add(line);
      }
    }
    return new Outcome(
        "github",
        problems,
        warnings,
        findings,
        "GitHub: " + targets.size() + " target(s) checked, converged");
  }
}
