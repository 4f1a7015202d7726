package dev.secretsync.provider.github;

import dev.secretsync.config.TargetConfig;
import dev.secretsync.core.Change;
import dev.secretsync.core.ChangeKind;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.KeyError;
import dev.secretsync.core.SecretKey;
import dev.secretsync.core.TargetPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plans a github target (pure). GitHub never returns values, so the decision table reads our state
 * record (keyed fingerprint + the {@code updated_at} GitHub reported after our write) against the
 * listing:
 *
 * <pre>
 * live   record  fingerprint   updated_at          → change
 * absent  -      -             -                   → create
 * absent  ours   -             -                   → create (deleted outside secretsync)
 * there   none   -             -                   → error, or update with adopt_unmanaged
 * there   ours   differs       -                   → update
 * there   ours   equal         newer than ours     → update (drift: changed outside secretsync)
 * there   ours   equal         equal               → unchanged, no PUT
 * </pre>
 *
 * Organisation secrets add a column: when the access (visibility, selected repositories) we
 * recorded differs from the configured one, or the listed visibility differs from it, the secret is
 * updated although its value is the same — who may read a secret is as much a part of it as its
 * value. Environments a repository target manages come first in the plan ({@code
 * environment/<name>}: create, update or unchanged), so they exist before their secrets are
 * written.
 *
 * <p>Names in the record that are no longer desired are deleted ({@code deletion.policy: delete})
 * or reported as orphans — only ours, only for the apps this target writes, and never excluded
 * names. A value equal to ours but rewritten out of band is still drift: GitHub cannot tell us the
 * value, so a newer {@code updated_at} is the only evidence, and rewriting is the safe answer.
 */
final class GitHubPlanner {
  private final TargetConfig config;
  private final GitHubSettings settings;

  GitHubPlanner(TargetConfig config, GitHubSettings settings) {
    this.config = config;
    this.settings = settings;
  }

  TargetPlan plan(GitHubNames.Mapping mapping, GitHubTargetState state) {
    List<Change> changes = new ArrayList<>();
    List<KeyError> errors = new ArrayList<>();
    for (GitHubEnvironments.Planned e : state.scope().environments()) {
      changes.add(
          Change.of(
              e.kind(),
              environmentKey(e.name()),
              ENVIRONMENT_PREFIX + e.name(),
              e.live() == null ? null : state.key().of(e.live().describe()),
              state.key().of(e.wanted().describe()),
              e.reason()));
    }
    GitHubOrgAccess access = state.scope().access();
    String missing =
        state.scope().environmentMissing()
            ? " (environment " + settings.scope().environment() + " does not exist yet)"
            : "";
    boolean keyChanged =
        state.record().keyId() != null && !state.record().keyId().equals(state.key().id());
    for (String app : settings.apps()) {
      Map<String, GitHubHttp.Remote> live = state.remote().getOrDefault(app, Map.of());
      for (GitHubNames.Desired d : mapping.desired().values()) {
        String id = GitHubTargetState.id(app, d.name());
        Fingerprint after = state.key().of(d.value());
        GitHubStateRecord.Entry ours = state.record().entries().get(id);
        GitHubHttp.Remote remote = live.get(d.name());
        if (remote == null) {
          changes.add(
              Change.of(
                  ChangeKind.CREATE,
                  d.key(),
                  id,
                  null,
                  after,
                  (ours == null ? "new" : "deleted outside secretsync; recreate") + missing));
        } else if (ours == null) {
          if (!config.adoptUnmanaged()) {
            errors.add(
                new KeyError(
                    d.key(),
                    id,
                    "a secret named "
                        + d.name()
                        + " exists in "
                        + settings.repository()
                        + " ("
                        + app
                        + ") but is not managed by secretsync; left untouched — set"
                        + " adopt_unmanaged: true on target "
                        + config.name()
                        + " to take it over"));
          } else {
            changes.add(
                Change.of(
                    ChangeKind.UPDATE,
                    d.key(),
                    id,
                    null,
                    after,
                    "exists but was not written by secretsync; adopting (adopt_unmanaged)"));
          }
        } else {
          Fingerprint before = new Fingerprint(ours.fingerprint());
          boolean drift =
              remote.updatedAt() != null && remote.updatedAt().isAfter(ours.updatedAt());
          if (drift) {
            changes.add(
                Change.of(
                    ChangeKind.UPDATE,
                    d.key(),
                    id,
                    null,
                    after,
                    "drift: changed outside secretsync (updated_at "
                        + remote.updatedAt()
                        + " is newer than our write at "
                        + ours.updatedAt()
                        + ")"));
          } else if (access != null && accessChanged(access, ours, remote)) {
            changes.add(
                Change.of(
                    ChangeKind.UPDATE,
                    d.key(),
                    id,
                    before,
                    after,
                    "access changed: visibility "
                        + (remote.visibility() == null ? "unknown" : remote.visibility())
                        + " → "
                        + access.describe()));
          } else if (!before.equals(after)) {
            changes.add(
                Change.of(
                    ChangeKind.UPDATE,
                    d.key(),
                    id,
                    keyChanged ? null : before,
                    after,
                    keyChanged ? "the fingerprint key changed; rewrite" : "value differs"));
          } else {
            changes.add(Change.of(ChangeKind.UNCHANGED, d.key(), id, before, after, ""));
          }
        }
      }
      ownedNoLongerDesired(app, live, mapping, state, changes);
    }
    errors.addAll(mapping.errors());
    return new TargetPlan(config.name(), changes, errors);
  }

  /** The name prefix of environment changes in a plan. */
  static final String ENVIRONMENT_PREFIX = "environment/";

  private static SecretKey environmentKey(String name) {
    String k = "environments/" + name;
    return SecretKey.problem(k) == null ? SecretKey.of(k) : SecretKey.of("environments/invalid");
  }

  private static boolean accessChanged(
      GitHubOrgAccess access, GitHubStateRecord.Entry ours, GitHubHttp.Remote remote) {
    return !access.key().equals(ours.access())
        || (remote.visibility() != null && !remote.visibility().equals(access.visibility()));
  }

  private void ownedNoLongerDesired(
      String app,
      Map<String, GitHubHttp.Remote> live,
      GitHubNames.Mapping mapping,
      GitHubTargetState state,
      List<Change> changes) {
    String prefix = app + "/";
    state
        .record()
        .entries()
        .forEach(
            (id, ours) -> {
              if (!id.startsWith(prefix)) {
                return;
              }
              String name = id.substring(prefix.length());
              // A desired name that failed validation is still desired: never delete it for that.
              if (mapping.desired().containsKey(name)
                  || mapping.errors().stream().anyMatch(e -> name.equals(e.name()))
                  || !live.containsKey(name)
                  || GitHubNames.excludedBy(name, settings.exclude()) != null) {
                return;
              }
              Fingerprint before = new Fingerprint(ours.fingerprint());
              changes.add(
                  config.deletion().deletes()
                      ? Change.of(
                          ChangeKind.DELETE,
                          ours.key(),
                          id,
                          before,
                          null,
                          "no longer in the bundle")
                      : Change.of(
                          ChangeKind.ORPHAN,
                          ours.key(),
                          id,
                          before,
                          null,
                          "no longer in the bundle; kept (deletion.policy: retain)"));
            });
  }
}
