package dev.secretsync.provider.file;

import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import dev.secretsync.spi.TargetState;
import java.util.Map;

/**
 * What a file target's directory holds.
 *
 * @param files every secret file under the directory, by key
 * @param manifest the keys we wrote, with the fingerprint we wrote (from the manifest)
 */
record FileTargetState(Map<SecretKey, Existing> files, Map<SecretKey, Fingerprint> manifest)
    implements TargetState {

  /**
   * One file present on disk.
   *
   * @param content its content, or {@code null} when it is not a readable JSON object
   */
  record Existing(Secret content) {
    Fingerprint fingerprint() {
      return content == null ? null : content.fingerprint();
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
