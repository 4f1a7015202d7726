package dev.secretsync.provider.vault;

import dev.secretsync.core.FingerprintKey;
import dev.secretsync.core.Secret;
import dev.secretsync.spi.ProviderException;
import java.util.Map;

/** The Vault merge store's check-and-set writes of its own key and of bundle values. */
final class VaultStoreWrites {
  private static final String KEY_PATH = "fingerprint-key";

  private VaultStoreWrites() {}

  /**
   * The store's own fingerprint key at {@code <mount>/fingerprint-key}, beside the bundles it
   * protects; created with check-and-set 0 so two first runs agree on one key.
   */
  static FingerprintKey keptKey(VaultKv store, String mount, String where, boolean dryRun) {
    for (int attempt = 0; attempt < 2; attempt++) {
      if (store.read(KEY_PATH) instanceof VaultKv.Found found
          && found.data().get("key") instanceof String text) {
        try {
          return FingerprintKey.decode(text);
        } catch (IllegalArgumentException e) {
          throw new ProviderException(
              "vault",
              "store",
              false,
              where
                  + ": "
                  + mount
                  + "/"
                  + KEY_PATH
                  + " is damaged ("
                  + e.getMessage()
                  + "); delete it to let secretsync make a new key");
        }
      }
      FingerprintKey fresh = FingerprintKey.generate();
      if (dryRun) {
        return fresh; // a key for this run alone
      }
      if (store.write(KEY_PATH, Map.of("key", fresh.encoded()), 0) >= 0) {
        return fresh;
      }
      // Another run created it first: read its key.
    }
    throw new ProviderException(
        "vault", "store", true, where + ": cannot read or create " + mount + "/" + KEY_PATH);
  }

  /**
   * Writes one key with check-and-set on its current version: first the version the manifest
   * recorded (0 for a new key), then, if a failed or concurrent run wrote it since, the version its
   * metadata names.
   *
   * @return the version that holds {@code secret}
   * @throws ProviderException when Vault refuses the write
   */
  static int writeKey(
      VaultKv store, String mount, String path, Secret secret, VaultManifest.Entry before) {
    int cas = before == null ? 0 : before.version();
    if (before != null && cas == 0) {
      cas = store.currentVersion(path);
    }
    int version = store.write(path, secret.data(), cas);
    if (version < 0) {
      version = store.write(path, secret.data(), store.currentVersion(path));
    }
    if (version < 0) {
      throw new ProviderException(
          "vault",
          "store",
          false,
          "merge store changed underneath this run: "
              + mount
              + "/"
              + path
              + " is being written by someone else; re-run");
    }
    return version;
  }
}
