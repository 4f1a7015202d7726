package dev.secretsync.provider.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.FingerprintKey;
import dev.secretsync.core.SecretKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code .secretsync-manifest.json}: the keys a file target wrote and their fingerprints. It is how
 * the target knows which files it owns (and may update or delete) and which it must leave alone. It
 * holds no values; without a configured key it holds the target's fingerprint key, and is therefore
 * written with mode 0600 like the secret files beside it.
 */
final class FileManifest {
  static final String NAME = ".secretsync-manifest.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private FileManifest() {}

  /**
   * A manifest's content.
   *
   * @param owned the keys we wrote, with the fingerprint we wrote
   * @param key the target's own fingerprint key, or null when the manifest holds none
   */
  record Content(Map<SecretKey, Fingerprint> owned, FingerprintKey key) {}

  static Content read(Path root, String target) throws IOException {
    Path file = root.resolve(NAME);
    Map<SecretKey, Fingerprint> out = new TreeMap<>();
    if (!Files.exists(file)) {
      return new Content(out, null);
    }
    try {
      Map<?, ?> json = MAPPER.readValue(Files.readString(file, StandardCharsets.UTF_8), Map.class);
      if (json.get("target") instanceof String owner && !owner.equals(target)) {
        throw new OwnedByAnotherTarget(
            root
                + " belongs to target \""
                + owner
                + "\" (see "
                + NAME
                + "); give target \""
                + target
                + "\" its own directory");
      }
      if (json.get("secrets") instanceof Map<?, ?> secrets) {
        for (Map.Entry<?, ?> e : secrets.entrySet()) {
          out.put(SecretKey.of((String) e.getKey()), new Fingerprint((String) e.getValue()));
        }
      }
      FingerprintKey key =
          json.get("fingerprint_key") instanceof String k ? FingerprintKey.decode(k) : null;
      return new Content(out, key);
    } catch (OwnedByAnotherTarget e) {
      throw e;
    } catch (RuntimeException | IOException e) {
      throw new IOException(
          file
              + " is damaged ("
              + e.getClass().getSimpleName()
              + "); restore it or delete it to"
              + " let secretsync treat every file as unmanaged",
          e);
    }
  }

  /** The directory's manifest names another target. */
  static final class OwnedByAnotherTarget extends IOException {
    OwnedByAnotherTarget(String message) {
      super(message);
    }
  }

  static void write(Path root, String target, Content content) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("version", 1);
    json.put("managed_by", "secretsync");
    json.put("target", target);
    if (content.key() != null) {
      json.put("fingerprint_key", content.key().encoded());
    }
    Map<SecretKey, Fingerprint> owned = content.owned();
    Map<String, String> secrets = new TreeMap<>();
    owned.forEach((k, v) -> secrets.put(k.path(), v.hex()));
    json.put("secrets", secrets);
    AtomicFiles.write(
        root.resolve(NAME),
        (JsonFiles.write(json) + "\n").getBytes(StandardCharsets.UTF_8),
        AtomicFiles.mode("0600"));
  }
}
