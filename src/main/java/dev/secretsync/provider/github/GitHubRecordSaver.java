package dev.secretsync.provider.github;

import dev.secretsync.core.FingerprintKey;
import dev.secretsync.spi.MergeStore;
import dev.secretsync.spi.ProviderException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Saves a github target's state record with compare-and-set ({@link MergeStore#saveRecord} with the
 * version the run read). When another run saved the record in between (same target, e.g. two CI
 * jobs), blindly retrying would clobber the winner's entries and blindly failing would forget the
 * names this run just wrote (they would look unmanaged next run). So the loser reloads the winner's
 * record and applies only its own changes on top: the names it wrote (unless the winner's entry for
 * the same name carries a newer {@code updated_at} — then the winner's write is what GitHub holds)
 * and the names it deleted. When the runs generated different fingerprint keys (both started
 * without a record), the winner's key is kept and this run's fingerprints are recomputed with it
 * from the values it wrote. At most {@link #ATTEMPTS} saves, then one clear error.
 */
final class GitHubRecordSaver {
  static final int ATTEMPTS = 3;

  private final GitHubSettings settings;
  private final MergeStore store;

  GitHubRecordSaver(GitHubSettings settings, MergeStore store) {
    this.settings = settings;
    this.store = store;
  }

  /**
   * Saves {@code entries} (the whole record as this run sees it) expecting the version read at the
   * start of the run.
   *
   * @param written the entries this run wrote, by id
   * @param values the values of {@code written}, by id (to re-fingerprint under another key)
   * @param deleted the ids this run deleted
   */
  void save(
      GitHubTargetState state,
      Map<String, GitHubStateRecord.Entry> entries,
      Map<String, GitHubStateRecord.Entry> written,
      Map<String, String> values,
      List<String> deleted) {
    String name = GitHubStateRecord.storeName(settings.target());
    // A generated key lives in the record; a configured one never does (it lives in the config).
    String keptKey = state.keyConfigured() ? null : state.key().encoded();
    GitHubStateRecord record = new GitHubStateRecord(keptKey, state.key().id(), entries);
    Optional<String> expected = state.recordVersion();
    for (int attempt = 1; ; attempt++) {
      try {
        store.saveRecord(name, record.toJson(), expected);
        return;
      } catch (ProviderException e) {
        Optional<MergeStore.StoredRecord> now = store.loadRecord(name);
        Optional<String> current = now.map(r -> r.version().version());
        if (current.equals(expected)) {
          throw e; // not a lost race: the store itself failed
        }
        if (attempt == ATTEMPTS) {
          throw new ProviderException(
              "github",
              "state",
              false,
              "target "
                  + settings.target()
                  + ": the GitHub state record in "
                  + store.describe()
                  + " changed underneath this run "
                  + ATTEMPTS
                  + " times (other runs of this target are saving it); the secrets this run wrote"
                  + " are in GitHub but not recorded as ours — re-run when the other runs finished",
              e);
        }
        GitHubStateRecord theirs =
            now.map(r -> GitHubStateRecord.parse(r.content())).orElse(GitHubStateRecord.empty());
        record = merge(state, theirs, written, values, deleted);
        expected = current;
      }
    }
  }

  private static GitHubStateRecord merge(
      GitHubTargetState state,
      GitHubStateRecord theirs,
      Map<String, GitHubStateRecord.Entry> written,
      Map<String, String> values,
      List<String> deleted) {
    String keptKey = state.keyConfigured() ? null : state.key().encoded();
    String keyId = state.key().id();
    FingerprintKey key = state.key();
    if (!state.keyConfigured() && theirs.key() != null && !keyId.equals(theirs.keyId())) {
      // Both runs started without a record and generated a key each: keep the winner's.
      key = FingerprintKey.decode(theirs.key());
      keptKey = theirs.key();
      keyId = key.id();
    }
    Map<String, GitHubStateRecord.Entry> merged = new TreeMap<>(theirs.entries());
    for (Map.Entry<String, GitHubStateRecord.Entry> w : written.entrySet()) {
      GitHubStateRecord.Entry ours = w.getValue();
      GitHubStateRecord.Entry other = merged.get(w.getKey());
      if (other != null && !ours.updatedAt().isAfter(other.updatedAt())) {
        continue; // the winner wrote this name after us: GitHub holds its value
      }
      String fingerprint =
          key == state.key() ? ours.fingerprint() : key.of(values.get(w.getKey())).hex();
      merged.put(
          w.getKey(),
          new GitHubStateRecord.Entry(ours.key(), fingerprint, ours.updatedAt(), ours.access()));
    }
    deleted.forEach(merged::remove);
    return new GitHubStateRecord(keptKey, keyId, merged);
  }
}
