package dev.secretsync.provider.vault;

import dev.secretsync.config.MergeStoreConfig;
import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.FingerprintKey;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import dev.secretsync.spi.BundleHistory;
import dev.secretsync.spi.HistoryOrigin;
import dev.secretsync.spi.KeptKey;
import dev.secretsync.spi.MergeStore;
import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.RunContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Merge store in a Vault KV v2 mount ({@code merge_store.vault.mount}). Each target's bundle is one
 * secret per key at {@code <mount>/targets/<target>/<key>}, plus a manifest at {@code
 * <mount>/manifests/<target>} holding the bundle's fingerprint and, for each key, its fingerprint
 * and the KV version that holds the value (no values). The manifest's KV version is the store
 * version; the manifest is the commit: only the key versions it names are ever read.
 *
 * <p>A save writes only the keys whose fingerprint changed (or whose recorded version could not be
 * read back), in parallel, each with check-and-set on the key's current version (so mounts with
 * {@code cas_required} work), and fails on any write Vault refuses. It then writes the manifest
 * naming the new versions with check-and-set on the manifest version the run saw: a concurrent run
 * makes the save fail with "merge store changed underneath this run". Only after that commit are
 * the keys no longer in the bundle deleted. Versions written by a run that failed or lost the race
 * are never named by a manifest, so they never reach a load; the next save writes over them.
 *
 * <p>A load reads the manifest and one GET per key at its recorded version ({@code ?version=N}),
 * and refuses a bundle whose keys cannot be read at that version or do not match their recorded
 * fingerprints (deleted, destroyed or replaced outside secretsync). {@link #describe(String)}
 * performs the same reads, and reports no fingerprint for such a bundle, so the next merge stores
 * it again instead of skipping the save.
 */
public final class VaultMergeStore implements MergeStore {

  private final VaultSession session;
  private final String mount;
  private final RunContext ctx;
  private final Map<String, Check> checked = new ConcurrentHashMap<>();
  private final KeptKey fingerprintKey;
  private final int keepHistory;
  private final VaultHistory history;
  private VaultKv kv;

  /** A store without history. */
  VaultMergeStore(VaultSession session, String mount, RunContext ctx) {
    this(session, mount, ctx, 0);
  }

  VaultMergeStore(VaultSession session, String mount, RunContext ctx, int keepHistory) {
    this.session = session;
    this.mount = mount.replaceAll("^/+|/+$", "");
    this.ctx = ctx;
    this.fingerprintKey =
        KeptKey.of(ctx, () -> VaultStoreWrites.keptKey(kv(), mount, describe(), ctx.dryRun()));
    this.keepHistory = keepHistory;
    this.history = keepHistory > 0 ? new VaultHistory(this, ctx) : null;
  }

  @Override
  public Optional<BundleHistory> history() {
    return Optional.ofNullable(history);
  }

  @Override
  public Fingerprint fingerprint(Bundle bundle) {
    return bundle.fingerprint(fingerprintKey.get());
  }

  /** The store {@code merge_store.vault}, on the run's shared sessions (global vault settings). */
  public static MergeStore create(
      MergeStoreConfig config, SecretSyncConfig all, RunContext ctx, VaultSessions sessions) {
    VaultSession session = sessions.session(all.vault(), "", "", ctx.env(), ctx.baseDir());
    return new VaultMergeStore(session, config.vault().mount(), ctx, config.history().keep());
  }

  synchronized VaultKv kv() {
    if (kv == null) {
      VaultKv opened = VaultKv.open(session, mount, "auto");
      if (opened.version() != 2) {
        throw new ProviderException(
            "vault",
            "store",
            false,
            "merge_store.vault.mount \""
                + mount
                + "\" is a KV version 1 mount; the Vault merge store needs KV version 2"
                + " (versions and check-and-set)");
      }
      kv = opened;
    }
    return kv;
  }

  /** The manifest, if readable, and the version a check-and-set write must name. */
  private record State(Optional<VaultManifest> manifest, int casVersion) {}

  /**
   * What loading a manifest's keys gave.
   *
   * @param manifestVersion the manifest version checked
   * @param bundle the bundle, when every key read back as recorded
   * @param damaged the keys that did not, with the reason (or the bundle-level problem under "")
   * @param verified whether the fingerprints were checked (made with the current key)
   */
  record Check(int manifestVersion, Bundle bundle, Map<String, String> damaged, boolean verified) {
    Check(int manifestVersion, Bundle bundle, Map<String, String> damaged) {
      this(manifestVersion, bundle, damaged, true);
    }
  }

  private Optional<VaultManifest> manifest(String target) {
    return state(target).manifest();
  }

  private State state(String target) {
    VaultKv.Read r = kv().read(manifestPath(target));
    if (r instanceof VaultKv.Skipped skipped) {
      if (skipped.denied()) {
        throw new ProviderException(
            "vault",
            "store",
            false,
            describe() + ": cannot read the manifest: " + skipped.reason());
      }
      // Absent, or its latest version deleted by hand: the next write replaces it.
      return new State(Optional.empty(), skipped.version());
    }
    VaultKv.Found found = (VaultKv.Found) r;
    return new State(Optional.of(parse(target, found)), found.version());
  }

  VaultManifest parse(String target, VaultKv.Found found) {
    try {
      return VaultManifest.parse(found.data(), found.version());
    } catch (IllegalArgumentException e) {
      throw damaged(target, e.getMessage());
    }
  }

  /**
   * Reads every key of {@code m} at its recorded version, in parallel. Fingerprints made with
   * another key (the key was replaced) cannot be checked: the bundle is then returned as read, and
   * reported without a fingerprint so that the next merge stores it again under the current key.
   */
  Check check(String target, VaultManifest m) {
    FingerprintKey current = fingerprintKey.get();
    boolean verifiable = current.id().equals(m.keyId());
    List<String> keys = new ArrayList<>(m.keys().keySet());
    VaultKv store = kv();
    List<VaultKv.Read> reads =
        VaultParallel.map(
            ctx,
            keys,
            k -> store.read(secretPath(target, k), m.keys().get(k).version()),
            "vault.read");
    Map<SecretKey, Secret> secrets = new TreeMap<>();
    Map<String, String> damaged = new TreeMap<>();
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i);
      VaultManifest.Entry entry = m.keys().get(key);
      String at = entry.version() > 0 ? " at version " + entry.version() : "";
      if (reads.get(i) instanceof VaultKv.Skipped skipped) {
        damaged.put(key, "\"" + key + "\" cannot be read" + at + ": " + skipped.reason());
        continue;
      }
      VaultKv.Found f = (VaultKv.Found) reads.get(i);
      Secret secret = Secret.of(f.data());
      if (verifiable && !secret.fingerprint(current).hex().equals(entry.fingerprint())) {
        damaged.put(
            key,
            "\""
                + key
                + "\" was changed outside secretsync"
                + (entry.version() > 0 ? " (version " + entry.version() + ")" : ""));
        continue;
      }
      secrets.put(SecretKey.of(key), secret);
    }
    if (!damaged.isEmpty()) {
      return new Check(m.version(), null, damaged);
    }
    Bundle bundle = Bundle.of(secrets);
    if (verifiable && !bundle.fingerprint(current).equals(m.bundle())) {
      return new Check(
          m.version(), null, Map.of("", "the bundle does not match its recorded fingerprint"));
    }
    return new Check(m.version(), bundle, Map.of(), verifiable);
  }

  /**
   * The manifest's version and fingerprint when its keys read back as recorded (exactly what {@link
   * #load(String)} would return); without a fingerprint when {@code load} would call the bundle
   * damaged, so that the engine saves (and so repairs) it.
   */
  @Override
  public Optional<StoredVersion> describe(String target) {
    Optional<VaultManifest> found = manifest(target);
    if (found.isEmpty()) {
      checked.remove(target);
      return Optional.empty();
    }
    VaultManifest m = found.get();
    Check c = check(target, m);
    checked.put(target, c);
    return Optional.of(
        new StoredVersion(
            String.valueOf(m.version()), c.bundle() == null || !c.verified() ? null : m.bundle()));
  }

  @Override
  public Optional<StoredBundle> load(String target) {
    Optional<VaultManifest> found = manifest(target);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    VaultManifest m = found.get();
    Check c = check(target, m);
    if (c.bundle() == null) {
      throw damaged(target, c.damaged().values().iterator().next());
    }
    return Optional.of(
        new StoredBundle(
            c.bundle(),
            new StoredVersion(String.valueOf(m.version()), c.verified() ? m.bundle() : null)));
  }

  @Override
  public StoredVersion save(String target, Bundle bundle, Optional<String> expectedVersion) {
    return save(target, bundle, expectedVersion, HistoryOrigin.of(ctx));
  }

  /**
   * Stores the bundle; the new manifest version carries {@code origin}, so it is the history entry.
   */
  @Override
  public StoredVersion save(
      String target, Bundle bundle, Optional<String> expectedVersion, HistoryOrigin origin) {
    State state = state(target);
    Optional<VaultManifest> current = state.manifest();
    String seen = current.map(m -> String.valueOf(m.version())).orElse(null);
    if (!Objects.equals(seen, expectedVersion.orElse(null))) {
      throw changedUnderneath(target);
    }
    Map<String, VaultManifest.Entry> old = current.map(VaultManifest::keys).orElse(Map.of());
    // Keys describe() could not read back as recorded (same manifest version) are written again.
    Check last = checked.remove(target);
    Map<String, String> damaged =
        last != null && current.isPresent() && last.manifestVersion() == current.get().version()
            ? last.damaged()
            : Map.of();
    FingerprintKey key = fingerprintKey.get();
    List<Map.Entry<SecretKey, Secret>> writes = new ArrayList<>();
    Map<String, VaultManifest.Entry> entries = new TreeMap<>();
    for (Map.Entry<SecretKey, Secret> e : bundle.secrets().entrySet()) {
      String k = e.getKey().path();
      VaultManifest.Entry before = old.get(k);
      if (before != null
          && before.version() > 0
          && e.getValue().fingerprint(key).hex().equals(before.fingerprint())
          && !damaged.containsKey(k)) {
        entries.put(k, before);
      } else {
        writes.add(e);
      }
    }
    VaultKv store = kv();
    List<Integer> versions =
        VaultParallel.map(
            ctx,
            writes,
            e ->
                VaultStoreWrites.writeKey(
                    store,
                    mount,
                    secretPath(target, e.getKey().path()),
                    e.getValue(),
                    old.get(e.getKey().path())),
            "vault.write");
    for (int i = 0; i < writes.size(); i++) {
      Map.Entry<SecretKey, Secret> e = writes.get(i);
      entries.put(
          e.getKey().path(),
          new VaultManifest.Entry(e.getValue().fingerprint(key).hex(), versions.get(i)));
    }
    int next = state.casVersion() + 1;
    Retirement retirement =
        Retirement.of(
            old.keySet(),
            entries.keySet(),
            current.map(VaultManifest::retired).orElse(Map.of()),
            next,
            keepHistory);
    if (keepHistory > 0) {
      // Vault drops the manifest versions beyond max_versions as it writes the next one.
      store.maxVersions(manifestPath(target), keepHistory);
    }
    int version =
        store.write(
            manifestPath(target),
            VaultManifest.body(
                fingerprint(bundle), key.id(), entries, origin, retirement.retired()),
            state.casVersion());
    if (version < 0) {
      throw changedUnderneath(target);
    }
    // Committed: values no kept manifest version names are garbage now, never before.
    deleteKeys(target, retirement.deletes());
    return new StoredVersion(String.valueOf(version), fingerprint(bundle));
  }

  private void deleteKeys(String target, List<String> keys) {
    VaultKv store = kv();
    VaultParallel.map(
        ctx,
        keys,
        k -> {
          try {
            store.deleteAll(secretPath(target, k));
          } catch (ProviderException e) {
            ctx.warnings()
                .warn(
                    describe()
                        + ": could not delete \""
                        + k
                        + "\" of target "
                        + target
                        + " (no longer in its bundle): "
                        + e.getMessage());
          }
          return k;
        },
        "vault.delete");
  }

  static String manifestPath(String target) {
    return "manifests/" + target;
  }

  static String secretPath(String target, String key) {
    return "targets/" + target + "/" + key;
  }

  @Override
  public String describe() {
    return "vault merge store \"" + mount + "\" at " + session.address();
  }

  private ProviderException changedUnderneath(String target) {
    return new ProviderException(
        "vault",
        "store",
        false,
        "merge store changed underneath this run: "
            + mount
            + "/manifests/"
            + target
            + " was written by someone else; re-run");
  }

  ProviderException damaged(String target, String why) {
    return new ProviderException(
        "vault",
        "store",
        false,
        describe()
            + ": the stored bundle of target "
            + target
            + " is damaged: "
            + why
            + "; run `secretsync pipeline --merge-only` to store it again");
  }

  /** The login belongs to the run's {@link VaultSessions}. */
  @Override
  public void close() {}
}
