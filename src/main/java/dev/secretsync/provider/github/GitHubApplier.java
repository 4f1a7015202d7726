package dev.secretsync.provider.github;

import dev.secretsync.core.Change;
import dev.secretsync.core.ChangeKind;
import dev.secretsync.core.KeyError;
import dev.secretsync.core.TargetPlan;
import dev.secretsync.spi.MergeStore;
import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.SecretTarget.ApplyResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Carries out a github plan: seals each value with the app's public key (fetched once per app per
 * run), PUTs it, reads back the {@code updated_at} GitHub gives it, and deletes owned names. The
 * state record is then saved once, with compare-and-set ({@link GitHubRecordSaver}: if another run
 * saved it meanwhile, our changes are merged onto the winner's record, so neither run's names are
 * forgotten). A per-secret failure becomes a {@link KeyError}; a rejected token stops the target.
 */
final class GitHubApplier {
  private final GitHubSettings settings;
  private final GitHubHttp http;
  private final MergeStore store;
  private final Map<String, GitHubHttp.PublicKey> keys = new HashMap<>();
  private final Map<String, String> values = new HashMap<>();

  GitHubApplier(GitHubSettings settings, GitHubHttp http, MergeStore store) {
    this.settings = settings;
    this.http = http;
    this.store = store;
  }

  ApplyResult apply(TargetPlan plan, GitHubNames.Mapping mapping, GitHubTargetState state) {
    Map<String, GitHubStateRecord.Entry> entries = new TreeMap<>(state.record().entries());
    Map<String, GitHubStateRecord.Entry> written = new TreeMap<>();
    List<String> deleted = new ArrayList<>();
    List<Change> applied = new ArrayList<>();
    List<KeyError> failures = new ArrayList<>();
    checkRateLimit(plan.writes());
    // Environments first: an environment-scope target that runs after this one writes into them.
    Map<String, GitHubEnvironments.Planned> envs = new HashMap<>();
    state.scope().environments().forEach(e -> envs.put(e.name(), e));
    boolean environmentChecked = !state.scope().environmentMissing();
    for (Change c : plan.writes()) {
      if (c.name().startsWith(GitHubPlanner.ENVIRONMENT_PREFIX)) {
        try {
          new GitHubEnvironments(settings, http)
              .apply(envs.get(c.name().substring(GitHubPlanner.ENVIRONMENT_PREFIX.length())));
          applied.add(c);
        } catch (GitHubHttp.Unauthorized e) {
          throw e;
        } catch (ProviderException e) {
          failures.add(new KeyError(c.key(), c.name(), e.getMessage()));
        }
        continue;
      }
      if (!environmentChecked) {
        requireEnvironment();
        environmentChecked = true;
      }
      String app = c.name().substring(0, c.name().indexOf('/'));
      String name = c.name().substring(app.length() + 1);
      try {
        if (c.kind() == ChangeKind.DELETE) {
          http.delete(app, name);
          entries.remove(c.name());
          deleted.add(c.name());
        } else {
          GitHubNames.Desired d = mapping.desired().get(name);
          Instant at = write(app, d, state.scope().access());
          GitHubStateRecord.Entry e =
              new GitHubStateRecord.Entry(
                  d.key(),
                  c.after().hex(),
                  at,
                  state.scope().access() == null ? null : state.scope().access().key());
          entries.put(c.name(), e);
          written.put(c.name(), e);
          values.put(c.name(), d.value());
        }
        applied.add(c);
      } catch (GitHubHttp.Unauthorized e) {
        saveRecord(state, entries, written, deleted);
        throw e;
      } catch (ProviderException e) {
        failures.add(new KeyError(c.key(), c.name(), e.getMessage()));
      }
    }
    // Forget names we owned that someone deleted and we no longer want.
    boolean pruned = prune(entries, mapping, state);
    if (!written.isEmpty() || !deleted.isEmpty() || pruned || keyIdChanged(state)) {
      saveRecord(state, entries, written, deleted);
    }
    return new ApplyResult(applied, failures);
  }

  /**
   * Stops the target before its first write when the primary rate limit left (as of the listing)
   * cannot carry the plan: a half-applied target is worse than one that waits for the reset.
   */
  private void checkRateLimit(List<Change> writes) {
    int remaining = http.rateRemaining();
    if (writes.isEmpty() || remaining < 0) {
      return;
    }
    // A write is a PUT and a GET (for updated_at); a delete is one call; a public key per app.
    long needed =
        writes.stream().mapToInt(c -> c.kind() == ChangeKind.DELETE ? 1 : 2).sum()
            + writes.stream()
                .filter(c -> c.kind() != ChangeKind.DELETE)
                .map(c -> c.name().substring(0, c.name().indexOf('/')))
                .distinct()
                .count();
    if (needed > remaining) {
      throw new ProviderException(
          "github",
          "rate-limit",
          false,
          "target "
              + settings.target()
              + ": the plan needs "
              + needed
              + " GitHub API requests but only "
              + remaining
              + " remain of the rate limit, which resets at "
              + Instant.ofEpochSecond(http.rateReset())
              + "; nothing was written — run again after the reset");
    }
  }

  /**
   * An environment-scope target whose environment was missing when it was read: it may have been
   * created since (by a repository target this one imports); if not, stop with what to do rather
   * than fail every secret with a bare 404.
   */
  private void requireEnvironment() {
    String path =
        settings.scope().repoPath()
            + "/environments/"
            + GitHubScope.seg(settings.scope().environment());
    if (http.send("GET", path, null, "environments.get", 404).statusCode() == 404) {
      throw new ProviderException(
          "github",
          "environments.get",
          false,
          "target "
              + settings.target()
              + ": environment "
              + settings.scope().environment()
              + " does not exist in "
              + settings.owner()
              + "/"
              + settings.repo()
              + "; nothing was written — declare it under github.environments of a repo target"
              + " this target imports (so it runs first), or create it in GitHub");
    }
  }

  private Instant write(String app, GitHubNames.Desired d, GitHubOrgAccess access) {
    GitHubHttp.PublicKey key = keys.computeIfAbsent(app, http::publicKey);
    byte[] sealed = SealedBox.seal(d.value().getBytes(StandardCharsets.UTF_8), key.key());
    http.put(
        app,
        d.name(),
        Base64.getEncoder().encodeToString(sealed),
        key.keyId(),
        access == null ? Map.of() : access.body(app));
    // PUT answers without a body worth reading; the timestamp GitHub gave our write is what a
    // later out-of-band write will be compared against.
    return http.get(app, d.name())
        .map(GitHubHttp.Remote::updatedAt)
        .orElseThrow(
            () ->
                new ProviderException(
                    "github",
                    app + ".get",
                    true,
                    "target "
                        + settings.target()
                        + ": "
                        + d.name()
                        + " vanished right after it was written"));
  }

  private boolean prune(
      Map<String, GitHubStateRecord.Entry> entries,
      GitHubNames.Mapping mapping,
      GitHubTargetState state) {
    boolean pruned = false;
    for (String app : settings.apps()) {
      Map<String, GitHubHttp.Remote> live = state.remote().getOrDefault(app, Map.of());
      String prefix = app + "/";
      for (String id : List.copyOf(entries.keySet())) {
        String name = id.startsWith(prefix) ? id.substring(prefix.length()) : null;
        if (name != null
            && !live.containsKey(name)
            && !mapping.desired().containsKey(name)
            && state.record().entries().containsKey(id)) {
          entries.remove(id);
          pruned = true;
        }
      }
    }
    return pruned;
  }

  private boolean keyIdChanged(GitHubTargetState state) {
    return state.record().keyId() != null && !state.record().keyId().equals(state.key().id());
  }

  private void saveRecord(
      GitHubTargetState state,
      Map<String, GitHubStateRecord.Entry> entries,
      Map<String, GitHubStateRecord.Entry> written,
      List<String> deleted) {
    new GitHubRecordSaver(settings, store).save(state, entries, written, values, deleted);
  }
}
