package dev.secretsync.provider.awssm;

import dev.secretsync.config.TargetConfig;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.Change;
import dev.secretsync.core.ChangeKind;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.KeyError;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import dev.secretsync.core.TargetPlan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans one Secrets Manager target from listed state (pure). The live value equals the desired one
 * when the {@code AWSCURRENT} version id is the desired fingerprint — every write uses the
 * fingerprint as {@code ClientRequestToken}, which becomes the version id — so no value is read for
 * secrets we wrote. A desired fingerprint present as an older version is a revert.
 */
final class AwsPlanner {
  private final TargetConfig config;
  private final Set<String> knownTargets;

  /** The target's tags, the same for every secret: worked out once per plan, not per secret. */
  private final Map<String, String> desiredTags;

  /**
   * @param config the target
   * @param knownTargets names of every configured target, to tell a secret of a renamed target from
   *     one of another live target
   */
  AwsPlanner(TargetConfig config, Set<String> knownTargets) {
    this.config = config;
    this.knownTargets = knownTargets;
    this.desiredTags = AwsNames.desiredTags(config);
  }

  TargetPlan plan(Bundle desired, AwsTargetState state) {
    List<Change> changes = new ArrayList<>();
    List<KeyError> errors = new ArrayList<>();
    Set<String> desiredNames = new HashSet<>();
    for (Map.Entry<SecretKey, Secret> e : desired.secrets().entrySet()) {
      String name = e.getKey().prefixed(config.namePrefix());
      desiredNames.add(name);
      String problem =
          AccountKeys.NAME.equals(name)
              ? "the name "
                  + AccountKeys.NAME
                  + " is reserved for secretsync's fingerprint key; rename the key or set"
                  + " name_prefix"
              : validate(name, e.getValue());
      if (problem != null) {
        errors.add(new KeyError(e.getKey(), name, problem));
        continue;
      }
      planOne(e.getKey(), name, e.getValue().fingerprint(state.key()), state, changes, errors);
    }
    // Owned = carrying our ownership tags, wherever the name is: secrets written under an
    // earlier name_prefix follow the deletion policy like any other owned secret.
    for (AwsTargetState.Existing ex : state.byName().values()) {
      if (desiredNames.contains(ex.name())
          || !ex.ownedBy(config.name())
          || ex.scheduledForDeletion()) {
        continue;
      }
      boolean underPrefix = ex.name().startsWith(config.namePrefix());
      String keyText = underPrefix ? ex.name().substring(config.namePrefix().length()) : ex.name();
      if (SecretKey.problem(keyText) != null) {
        continue; // not a name we could have written; leave it alone
      }
      SecretKey key = SecretKey.of(keyText);
      Fingerprint before = currentFingerprint(ex, state);
      String why =
          underPrefix
              ? "no longer in the bundle"
              : "outside name_prefix \"" + config.namePrefix() + "\" (an earlier prefix)";
      changes.add(
          config.deletion().deletes()
              ? Change.of(ChangeKind.DELETE, key, ex.name(), before, null, why + deleteReason())
              : Change.of(
                  ChangeKind.ORPHAN,
                  key,
                  ex.name(),
                  before,
                  null,
                  why + "; kept (deletion.policy: retain)"));
    }
    return new TargetPlan(config.name(), changes, errors);
  }

  private String deleteReason() {
    return config.deletion().force()
        ? "; deleted without recovery (deletion.force)"
        : "; recoverable for " + config.deletion().recoveryWindowDays() + " days";
  }

  private static String validate(String name, Secret secret) {
    String problem = AwsNames.problemWithName(name);
    if (problem != null) {
      return problem;
    }
    int size = secret.canonicalSizeBytes();
    if (size > AwsNames.MAX_VALUE_BYTES) {
      return "value is "
          + size
          + " bytes as JSON; Secrets Manager allows at most "
          + AwsNames.MAX_VALUE_BYTES
          + " — split the secret";
    }
    return null;
  }

  private void planOne(
      SecretKey key,
      String name,
      Fingerprint desired,
      AwsTargetState state,
      List<Change> changes,
      List<KeyError> errors) {
    AwsTargetState.Existing ex = state.byName().get(name);
    if (ex == null) {
      changes.add(Change.of(ChangeKind.CREATE, key, name, null, desired, "new"));
      return;
    }
    if (!ex.managed() && !config.adoptUnmanaged()) {
      errors.add(
          new KeyError(
              key,
              name,
              "a secret with this name exists in "
                  + state.location().describe()
                  + " but is not managed by secretsync (no tag secretsync:managed-by); left"
                  + " untouched — set adopt_unmanaged: true on target "
                  + config.name()
                  + " to take it over"));
      return;
    }
    // adopt_unmanaged takes over unmanaged secrets only, never another target's — not even one
    // of a target no longer configured (renamed?): handing it over takes an explicit re-tag.
    if (ex.managed() && !ex.ownedBy(config.name())) {
      String owner = ex.tags().get(AwsTargetState.TARGET_TAG);
      String handOver =
          "; left untouched — if it is target "
              + config.name()
              + "'s, tag it secretsync:target="
              + config.name()
              + " to hand it over";
      errors.add(
          new KeyError(
              key,
              name,
              owner == null
                  ? "this secret is tagged secretsync:managed-by but names no target (no tag"
                      + " secretsync:target)"
                      + handOver
                  : knownTargets.contains(owner)
                      ? "this secret is managed by target \""
                          + owner
                          + "\"; two targets must not write the same secret (use name_prefix)"
                      : "this secret is managed by target \""
                          + owner
                          + "\", which is not in the configuration (renamed or removed?)"
                          + handOver));
      return;
    }
    Fingerprint before = currentFingerprint(ex, state);
    if (ex.scheduledForDeletion()) {
      changes.add(
          Change.of(
              ChangeKind.RESTORE, key, name, before, desired, "scheduled for deletion; restore"));
      return;
    }
    AwsTagDiff tagDiff = AwsTagDiff.of(desiredTags, ex.tags());
    AwsReplicaDiff replicas = AwsReplicaDiff.of(config, ex);
    // A failed replica is reported, but the primary still converges: its value and tags are
    // independent of the replica, and withholding them would not repair the replica.
    replicas
        .failed()
        .forEach(
            (region, why) ->
                errors.add(new KeyError(key, name, AwsReplicaDiff.failure(region, why))));
    if (desired.equals(before)) {
      List<String> why = new ArrayList<>();
      if (!tagDiff.isEmpty()) {
        why.add(tagDiff.describe());
      }
      if (replicas.writes()) {
        why.add(replicas.describe());
      }
      changes.add(
          why.isEmpty()
              ? Change.of(ChangeKind.UNCHANGED, key, name, before, desired, "")
              : Change.of(ChangeKind.TAGS, key, name, before, desired, String.join("; ", why)));
      return;
    }
    boolean drift = ex.managed() && !ex.currentIsFingerprint();
    if (ex.versionIds().contains(desired.hex())) {
      changes.add(
          Change.of(
              ChangeKind.REVERT,
              key,
              name,
              before,
              desired,
              (drift ? "changed outside secretsync; " : "")
                  + "the desired value is an earlier version: make it current"));
      return;
    }
    String why = drift ? "value differs (changed outside secretsync)" : "value differs";
    changes.add(Change.of(ChangeKind.UPDATE, key, name, before, desired, why));
  }

  /** The fingerprint of the live value: the version id when we wrote it, else the value read. */
  static Fingerprint currentFingerprint(AwsTargetState.Existing ex, AwsTargetState state) {
    if (ex.currentIsFingerprint()) {
      return new Fingerprint(ex.currentVersionId());
    }
    return state.fetched().get(ex.name());
  }
}
