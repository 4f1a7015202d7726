package dev.secretsync.provider.github;

import dev.secretsync.config.TargetConfig;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.TargetPlan;
import dev.secretsync.observability.Metrics;
import dev.secretsync.resilience.Breakers;
import dev.secretsync.spi.MergeStore;
import dev.secretsync.spi.RunContext;
import dev.secretsync.spi.SecretTarget;
import dev.secretsync.spi.TargetState;
import java.net.http.HttpClient;

/**
 * GitHub Actions, Dependabot and Codespaces secrets ({@code type: github}) of a repository, of one
 * environment (Actions only) or of an organisation ({@link GitHubScope}); a repository target also
 * creates and updates the environments it declares ({@link GitHubEnvironments}). GitHub secrets are
 * write-only, so change detection and ownership come from a state record this target keeps in the
 * merge store (see {@link GitHubStateRecord}, {@link GitHubPlanner}): a no-op run costs one listing
 * per app (plus one of environments when it manages any) and writes nothing.
 */
public final class GitHubTarget implements SecretTarget {
  private final TargetConfig config;
  private final GitHubSettings settings;
  private final GitHubHttp http;
  private final MergeStore store;
  private final RunContext ctx;
  private GitHubNames.Mapping mapping;
  private Bundle mapped;

  /**
   * @param config the target's config (its {@code github:} block)
   * @param clients what the run's github targets share (HTTP client, credentials, write limits)
   * @param store the run's merge store, where the state record is kept
   * @param ctx the run (environment for the credentials, configured fingerprint key, warnings)
   */
  public GitHubTarget(
      TargetConfig config, GitHubClients clients, MergeStore store, RunContext ctx) {
    this.config = config;
    this.settings = GitHubSettings.of(config, ctx.env(), ctx.baseDir());
    this.http = clients.http(settings, config.github().client());
    this.store = store;
    this.ctx = ctx;
  }

  /**
   * A target with its own credentials and write gate on a shared HTTP client (callers that hold no
   * {@link GitHubClients}).
   *
   * @param config the target's config (its {@code github:} block)
   * @param http the HTTP client to use
   * @param store the run's merge store, where the state record is kept
   * @param ctx the run
   * @param breakers the run's circuit breakers ({@code github:<api_url>})
   * @param metrics the run's metrics
   */
  public GitHubTarget(
      TargetConfig config,
      HttpClient http,
      MergeStore store,
      RunContext ctx,
      Breakers breakers,
      Metrics metrics) {
    this(config, new GitHubClients(http, breakers, metrics), store, ctx);
  }

  @Override
  public TargetState current() {
    if (!store.persistent()) {
      ctx.warnings()
          .warn(
              "target "
                  + config.name()
                  + ": the merge store is memory, so the GitHub state record lasts only this run —"
                  + " secrets already in GitHub count as unmanaged and every run rewrites them;"
                  + " configure merge_store (s3, directory or vault)");
    }
    return new GitHubStateReader(config, settings, http, store, ctx).read();
  }

  @Override
  public TargetPlan plan(Bundle desired, TargetState current) {
    GitHubNames.Mapping m = mapping(desired);
    m.skipped().forEach(s -> ctx.warnings().warn("target " + config.name() + ": skipped " + s));
    return new GitHubPlanner(config, settings).plan(m, (GitHubTargetState) current);
  }

  @Override
  public ApplyResult apply(TargetPlan plan, Bundle desired, TargetState current) {
    return new GitHubApplier(settings, http, store)
        .apply(plan, mapping(desired), (GitHubTargetState) current);
  }

  /** The mapping of a bundle, computed once per bundle (plan and apply use the same one). */
  private synchronized GitHubNames.Mapping mapping(Bundle desired) {
    if (mapping == null || !desired.equals(mapped)) {
      mapping = GitHubNames.map(desired, settings);
      mapped = desired;
    }
    return mapping;
  }

  @Override
  public void close() {}
}
