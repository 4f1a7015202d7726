package dev.secretsync.provider.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.core.Fingerprint;
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
 * holds no values.
 */
final class FileManifest {
  static final String NAME = ".secretsync-manifest.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private FileManifest() {}

  static Map<SecretKey, Fingerprint> read(Path root, String target) throws IOException {
    Path file = root.resolve(NAME);
    Map<SecretKey, Fingerprint> out = new TreeMap<>();
    if (!Files.exists(file)) {
      return out;
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
      return out;
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

  static void write(Path root, String target, Map<SecretKey, Fingerprint> owned)
      throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("version", 1);
    json.put("managed_by", "secretsync");
    json.put("target", target);
    Map<String, String> secrets = new TreeMap<>();
    owned.forEach((k, v) -> secrets.put(k.path(), v.hex()));
    json.put("secrets", secrets);
    AtomicFiles.write(
        root.resolve(NAME),
        (JsonFiles.write(json) + "\n").getBytes(StandardCharsets.UTF_8),
        AtomicFiles.mode("0600"));
  }
}
