package dev.secretsync.provider.github;

import dev.secretsync.core.SecretKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a github target remembers between runs, kept in the merge store ({@code
 * MergeStore.saveRecord("github.<target>", …)}): GitHub never returns values, so for every name we
 * wrote we keep the keyed fingerprint of the value and the {@code updated_at} GitHub reported right
 * after our write. The names in the record are the names we own. Without a configured fingerprint
 * key the record also keeps the target's generated key — the merge store already holds the values
 * it protects, so it reveals nothing new to whoever can read the record.
 *
 * @param key the kept fingerprint key (base64), or null when the key is configured
 * @param keyId {@link dev.secretsync.core.FingerprintKey#id()} of the key the fingerprints use
 * @param entries by {@code <app>/<NAME>}
 */
record GitHubStateRecord(String key, String keyId, Map<String, Entry> entries) {
  /** Store name of a target's record. */
  static String storeName(String target) {
    return "github." + target;
  }

  /**
   * One secret we wrote.
   *
   * @param key the bundle key it came from
   * @param fingerprint keyed fingerprint (hex) of the value we wrote
   * @param updatedAt what GitHub reported after our write
   * @param access the organisation access we wrote ({@link GitHubOrgAccess#key()}), or null for
   *     other scopes
   */
  record Entry(SecretKey key, String fingerprint, Instant updatedAt, String access) {}

  /** Copies and sorts the entries. */
  GitHubStateRecord {
    entries = Map.copyOf(new TreeMap<>(entries));
  }

  /** An empty record. */
  static GitHubStateRecord empty() {
    return new GitHubStateRecord(null, null, Map.of());
  }

  /** Reads a stored record; entries that do not parse are dropped (we then do not own them). */
  static GitHubStateRecord parse(Map<String, Object> json) {
    Map<String, Entry> entries = new TreeMap<>();
    if (json.get("secrets") instanceof Map<?, ?> m) {
      m.forEach(
          (name, v) -> {
            if (v instanceof Map<?, ?> e
                && e.get("key") instanceof String k
                && SecretKey.problem(k) == null
                && e.get("fingerprint") instanceof String fp
                && e.get("updated_at") instanceof String at) {
              try {
                entries.put(
                    name.toString(),
                    new Entry(
                        SecretKey.of(k),
                        fp,
                        Instant.parse(at),
                        e.get("access") instanceof String a ? a : null));
              } catch (RuntimeException ignored) {
                // an unreadable timestamp: treat the name as not ours rather than fail the target
              }
            }
          });
    }
    return new GitHubStateRecord(
        json.get("key") instanceof String k ? k : null,
        json.get("key_id") instanceof String id ? id : null,
        entries);
  }

  /** The JSON kept in the merge store. */
  Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("format", 1);
    if (key != null) {
      out.put("key", key);
    }
    if (keyId != null) {
      out.put("key_id", keyId);
    }
    Map<String, Object> secrets = new TreeMap<>();
    entries.forEach(
        (name, e) -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("key", e.key().path());
          m.put("fingerprint", e.fingerprint());
          m.put("updated_at", e.updatedAt().toString());
          if (e.access() != null) {
            m.put("access", e.access());
          }
          secrets.put(name, m);
        });
    out.put("secrets", secrets);
    return out;
  }

  @Override
  public String toString() {
    return "GitHubStateRecord[" + entries.size() + " names, key redacted]";
  }
}
