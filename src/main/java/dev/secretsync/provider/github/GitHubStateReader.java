package dev.secretsync.provider.github;

import dev.secretsync.core.FingerprintKey;
import dev.secretsync.spi.MergeStore;
import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.RunContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a github target's state: our record from the merge store, then one listing per app (a page
 * per 100 secrets). No per-secret call: listing gives every name's {@code updated_at}, which is all
 * the planner needs besides the record.
 */
final class GitHubStateReader {
  private final GitHubSettings settings;
  private final GitHubHttp http;
  private final MergeStore store;
  private final RunContext ctx;

  GitHubStateReader(GitHubSettings settings, GitHubHttp http, MergeStore store, RunContext ctx) {
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
    Map<String, Map<String, GitHubHttp.Remote>> remote = new LinkedHashMap<>();
    for (String app : settings.apps()) {
      remote.put(app, http.list(app));
    }
    return new GitHubTargetState(
        remote,
        record,
        stored.map(r -> r.version().version()),
        key,
        isNew,
        ctx.configuredKey().isPresent());
  }
}
