package dev.secretsync.provider.awssm;

import dev.secretsync.config.TargetConfig;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.FingerprintKey;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which listed secrets a plan must not trust without a {@code DescribeSecret} (pure).
 *
 * <p>The API reference of ListSecrets: "All Secrets Manager operations are eventually consistent.
 * ListSecrets might not reflect changes from the last five minutes. You can get more recent
 * information for a specific secret by calling DescribeSecret." A stale entry is harmless when the
 * plan writes the secret anyway (the write carries the fingerprint token, so the service settles
 * it) and dangerous when the plan leaves it alone or deletes it: after A → B → A inside the window
 * the listing can still show A, the plan says "unchanged", and B stays live. So a secret is
 * described when its listed value equals the desired one and one of:
 *
 * <ul>
 *   <li>its desired fingerprint differs from the bundle the merge store held for the target before
 *       this run (the previous run wrote something else, perhaps seconds ago) — or that bundle did
 *       not hold it;
 *   <li>its listed {@code LastChangedDate} lies within the last {@link #WINDOW} of this machine's
 *       clock (or ahead of it): it was written recently, and more may have happened since.
 * </ul>
 *
 * A secret to be deleted is described when the previous bundle no longer held it (that run may have
 * deleted it already) or its listed change is recent. A no-op run long after the last write
 * therefore describes nothing. Without a previous bundle (in-memory merge store, a dry run, {@code
 * --sync-only}) only the second rule applies: a value changed less than five minutes ago by a run
 * whose write the listing does not show yet, on a secret last changed before the window, can then
 * go unnoticed until the listing catches up — the next run after the window corrects it. A
 * persistent merge store closes that gap.
 */
final class AwsConsistency {
  /** How far back ListSecrets may lag, per the API reference. */
  static final Duration WINDOW = Duration.ofMinutes(5);

  private AwsConsistency() {}

  /** Names of listed secrets to describe before planning, in bundle order then deletions. */
  static List<String> toConfirm(
      TargetConfig config,
      AwsTargetState listed,
      Bundle desired,
      Optional<Bundle> previous,
      Instant now) {
    List<String> out = new ArrayList<>();
    Set<String> desiredNames = new HashSet<>();
    Instant recentSince = now.minus(WINDOW);
    for (Map.Entry<SecretKey, Secret> e : desired.secrets().entrySet()) {
      String name = e.getKey().prefixed(config.namePrefix());
      desiredNames.add(name);
      AwsTargetState.Existing ex = listed.byName().get(name);
      Fingerprint want = e.getValue().fingerprint(listed.key());
      if (ex == null || !want.equals(AwsPlanner.currentFingerprint(ex, listed))) {
        continue; // a create or a value write: the service answers for the real state
      }
      boolean differsFromStored =
          previous.isPresent()
              && !storedFingerprintIs(previous.get(), e.getKey(), want, listed.key());
      if (differsFromStored || recent(ex, recentSince)) {
        out.add(name);
      }
    }
    if (config.deletion().deletes()) {
      // A secret to delete may have been deleted already by a run the listing lags behind: the
      // bundle that run stored no longer holds it, or the listing shows a recent change.
      Set<String> stored = new HashSet<>();
      previous.ifPresent(
          b -> b.secrets().keySet().forEach(k -> stored.add(k.prefixed(config.namePrefix()))));
      for (AwsTargetState.Existing ex : listed.byName().values()) {
        if (!desiredNames.contains(ex.name())
            && ex.ownedBy(config.name())
            && !ex.scheduledForDeletion()
            && ((previous.isPresent() && !stored.contains(ex.name())) || recent(ex, recentSince))) {
          out.add(ex.name());
        }
      }
    }
    return out;
  }

  private static boolean storedFingerprintIs(
      Bundle stored, SecretKey key, Fingerprint want, FingerprintKey fingerprintKey) {
    Secret s = stored.get(key);
    return s != null && want.equals(s.fingerprint(fingerprintKey));
  }

  private static boolean recent(AwsTargetState.Existing ex, Instant recentSince) {
    return ex.lastChanged() != null && !ex.lastChanged().isBefore(recentSince);
  }
}
