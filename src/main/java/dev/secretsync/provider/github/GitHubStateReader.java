package dev.secretsync.provider.github;

import dev.secretsync.config.GitHubScopeConfig;
import dev.secretsync.config.TargetConfig;
import dev.secretsync.core.FingerprintKey;
import dev.secretsync.spi.MergeStore;
import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.RunContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a github target's state: our record from the merge store, then one listing per app (a page
 * per 100 secrets). No per-secret call: listing gives every name's {@code updated_at}, which is all
 * the planner needs besides the record.
 */
final class GitHubStateReader {
  private final TargetConfig config;
  private final GitHubSettings settings;
  private final GitHubHttp http;
  private final MergeStore store;
  private final RunContext ctx;

  GitHubStateReader(
      TargetConfig config,
      GitHubSettings settings,
      GitHubHttp http,
      MergeStore store,
      RunContext ctx) {
    this.config = config;
    this.settings = settings;
    this.http = http;
    this.store = store;
    this.ctx = ctx;
  }

  GitHubTargetState read() {
    Optional<MergeStore.StoredRecord> stored =
        store.loadRecord(GitHubStateRecord.storeName(settings.target()));
    GitHubStateRecord record =
        stored.map(r -> GitHubStateRecord.parse(r.content())).orElse(GitHubStateRecord.empty());
    FingerprintKey key;
    boolean isNew = false;
    if (ctx.configuredKey().isPresent()) {
      key = ctx.configuredKey().get();
    } else if (record.key() != null) {
      try {
        key = FingerprintKey.decode(record.key());
      } catch (IllegalArgumentException e) {
        throw new ProviderException(
            "github",
            "state",
            false,
            "target "
                + settings.target()
                + ": the GitHub state record in "
                + store.describe()
                + " is damaged ("
                + e.getMessage()
                + ")");
      }
    } else {
      key = FingerprintKey.generate();
      isNew = true;
    }
    GitHubScopeState scope = scopeState();
    Map<String, Map<String, GitHubHttp.Remote>> remote = new LinkedHashMap<>();
    boolean environmentMissing = false;
    for (String app : settings.apps()) {
      if (settings.scope().environmentScope()) {
        // An environment created by a repository target in this run (or not at all yet): plan
        // creates, and let the applier say what is wrong if it is still missing then.
        Optional<Map<String, GitHubHttp.Remote>> live = http.listIfExists(app);
        environmentMissing = live.isEmpty();
        remote.put(app, live.orElse(Map.of()));
      } else {
        remote.put(app, http.list(app));
      }
    }
    if (environmentMissing) {
      scope = new GitHubScopeState(scope.access(), scope.environments(), true);
    }
    return new GitHubTargetState(
        remote,
        record,
        stored.map(r -> r.version().version()),
        key,
        isNew,
        ctx.configuredKey().isPresent(),
        scope);
  }

  /** Organisation access and managed environments; names resolved to ids once. */
  private GitHubScopeState scopeState() {
    GitHubScopeConfig c = config.github().scoping();
    GitHubLookups lookups = new GitHubLookups(http, settings.target());
    GitHubOrgAccess access =
        settings.scope().org() ? GitHubOrgAccess.resolve(c, settings.owner(), lookups) : null;
    List<GitHubEnvironments.Planned> envs =
        new GitHubEnvironments(settings, http).read(c.environments(), lookups);
    return new GitHubScopeState(access, envs, false);
  }
}
