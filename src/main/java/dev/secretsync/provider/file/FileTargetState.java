package dev.secretsync.provider.file;

import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.FingerprintKey;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import dev.secretsync.spi.TargetState;
import java.util.Map;

/**
 * What a file target's directory holds.
 *
 * @param files every secret file under the directory, by key
 * @param manifest the keys we wrote, with the fingerprint we wrote (from the manifest)
 * @param key the fingerprint key of this run's plan (configured, kept in the manifest, or new)
 * @param keptKey the key the manifest must keep (null when a key is configured and the manifest
 *     keeps none)
 * @param manifestHasKey whether the manifest on disk already holds {@code keptKey}
 */
record FileTargetState(
    Map<SecretKey, Existing> files,
    Map<SecretKey, Fingerprint> manifest,
    FingerprintKey key,
    FingerprintKey keptKey,
    boolean manifestHasKey)
    implements TargetState {

  /**
   * One file present on disk.
   *
   * @param content its content, or {@code null} when it is not a readable JSON object
   */
  record Existing(Secret content) {
    Fingerprint fingerprint(FingerprintKey key) {
      return content == null ? null : content.fingerprint(key);
    }
  }

  @Override
  public int size() {
    return files.size();
  }

  boolean owns(SecretKey key) {
    return manifest.containsKey(key);
  }
}
