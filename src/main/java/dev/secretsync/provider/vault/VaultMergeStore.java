package dev.secretsync.provider.vault;

import dev.secretsync.core.Bundle;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import dev.secretsync.spi.MergeStore;
import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.RunContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Merge store in a Vault KV v2 mount ({@code merge_store.vault.mount}). Each target's bundle is one
 * secret per key at {@code <mount>/targets/<target>/<key>}, plus a manifest at {@code
 * <mount>/manifests/<target>} holding the bundle's fingerprint and each key's fingerprint (no
 * values). The manifest's KV version is the store version.
 *
 * <p>A save writes only the keys whose fingerprint changed and deletes (all versions of) the keys
 * no longer in the bundle, in parallel, then writes the manifest with check-and-set on the version
 * the run saw: a concurrent run makes the save fail with "merge store changed underneath this run".
 * A load reads the manifest and one GET per key, and refuses a bundle whose keys do not match their
 * recorded fingerprints (edited outside secretsync).
 */
public final class VaultMergeStore implements MergeStore {
  private final VaultSession session;
  private final String mount;
  private final RunContext ctx;
  private VaultKv kv;

  VaultMergeStore(VaultSession session, String mount, RunContext ctx) {
    this.session = session;
    this.mount = mount.replaceAll("^/+|/+$", "");
    this.ctx = ctx;
  }

  /** The store {@code merge_store.vault}, on the run's shared sessions (global vault settings). */
  public static MergeStore create(
      dev.secretsync.config.MergeStoreConfig.Vault config,
      dev.secretsync.config.SecretSyncConfig all,
      RunContext ctx,
      VaultSessions sessions) {
    VaultSession session = sessions.session(all.vault(), "", "", ctx.env(), ctx.baseDir());
    return new VaultMergeStore(session, config.mount(), ctx);
  }

  private synchronized VaultKv kv() {
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

  /** The manifest and its version. */
  private record Manifest(int version, Fingerprint bundle, Map<String, String> keys) {}

  /** The manifest, if readable, and the version a check-and-set write must name. */
  private record State(Optional<Manifest> manifest, int casVersion) {}

  private Optional<Manifest> manifest(String target) {
    return state(target).manifest();
  }

  private State state(String target) {
    VaultKv.Read r = kv().read("manifests/" + target);
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
    Map<String, String> keys = new TreeMap<>();
    if (found.data().get("keys") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> keys.put(String.valueOf(k), String.valueOf(v)));
    }
    Object fp = found.data().get("bundle_fingerprint");
    if (!(fp instanceof String hex) || !Fingerprint.isFingerprint(hex)) {
      throw damaged(target, "the manifest has no valid bundle_fingerprint");
    }
    return new State(
        Optional.of(new Manifest(found.version(), new Fingerprint(hex), keys)), found.version());
  }

  @Override
  public Optional<StoredVersion> describe(String target) {
    return manifest(target).map(m -> new StoredVersion(String.valueOf(m.version()), m.bundle()));
  }

  @Override
  public Optional<StoredBundle> load(String target) {
    Optional<Manifest> found = manifest(target);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Manifest m = found.get();
    List<String> keys = new ArrayList<>(m.keys().keySet());
    VaultKv store = kv();
    List<VaultKv.Read> reads =
        VaultParallel.map(ctx, keys, k -> store.read(secretPath(target, k)), "vault.read");
    Map<SecretKey, Secret> secrets = new TreeMap<>();
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i);
      if (reads.get(i) instanceof VaultKv.Skipped skipped) {
        throw damaged(target, "\"" + key + "\" cannot be read: " + skipped.reason());
      }
      VaultKv.Found f = (VaultKv.Found) reads.get(i);
      Secret secret = Secret.of(f.data());
      if (!secret.fingerprint().hex().equals(m.keys().get(key))) {
        throw damaged(target, "\"" + key + "\" was changed outside secretsync");
      }
      secrets.put(SecretKey.of(key), secret);
    }
    Bundle bundle = Bundle.of(secrets);
    if (!bundle.fingerprint().equals(m.bundle())) {
      throw damaged(target, "the bundle does not match its recorded fingerprint");
    }
    return Optional.of(
        new StoredBundle(bundle, new StoredVersion(String.valueOf(m.version()), m.bundle())));
  }

  @Override
  public StoredVersion save(String target, Bundle bundle, Optional<String> expectedVersion) {
    State state = state(target);
    Optional<Manifest> current = state.manifest();
    String seen = current.map(m -> String.valueOf(m.version())).orElse(null);
    if (!Objects.equals(seen, expectedVersion.orElse(null))) {
      throw changedUnderneath(target);
    }
    Map<String, String> old = current.map(Manifest::keys).orElse(Map.of());
    List<Map.Entry<SecretKey, Secret>> writes = new ArrayList<>();
    Map<String, String> fingerprints = new TreeMap<>();
    for (Map.Entry<SecretKey, Secret> e : bundle.secrets().entrySet()) {
      String fp = e.getValue().fingerprint().hex();
      fingerprints.put(e.getKey().path(), fp);
      if (!fp.equals(old.get(e.getKey().path()))) {
        writes.add(e);
      }
    }
    List<String> deletes = old.keySet().stream().filter(k -> !fingerprints.containsKey(k)).toList();
    VaultKv store = kv();
    VaultParallel.map(
        ctx,
        writes,
        e -> store.write(secretPath(target, e.getKey().path()), e.getValue().data(), null),
        "vault.write");
    VaultParallel.map(
        ctx,
        deletes,
        k -> {
          store.deleteAll(secretPath(target, k));
          return k;
        },
        "vault.delete");
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("format", 1);
    manifest.put("bundle_fingerprint", bundle.fingerprint().hex());
    manifest.put("keys", fingerprints);
    int version = store.write("manifests/" + target, manifest, state.casVersion());
    if (version < 0) {
      throw changedUnderneath(target);
    }
    return new StoredVersion(String.valueOf(version), bundle.fingerprint());
  }

  private static String secretPath(String target, String key) {
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

  private ProviderException damaged(String target, String why) {
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
