package dev.secretsync.testkit;

import dev.secretsync.testkit.VaultHttp.VaultError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The key metadata of one KV v2 secret: its versions and its settings, mirroring {@code
 * KeyMetadata} in vault-plugin-secrets-kv (including the sliding window of {@code max_versions}).
 * Not thread-safe on its own: {@link VaultKvEngine} guards it.
 */
final class VaultKvMetadata {

  /** One version of a secret. */
  static final class Version {
    Map<String, Object> data;
    final Instant created;
    Instant deletion;
    boolean destroyed;

    Version(Map<String, Object> data, Instant created) {
      this.data = data;
      this.created = created;
    }

    /** Readable: neither destroyed nor deleted (a deletion time in the future still reads). */
    boolean live(Instant now) {
      return !destroyed && (deletion == null || deletion.isAfter(now));
    }
  }

  final TreeMap<Integer, Version> versions = new TreeMap<>();
  Instant created;
  Instant updated;
  int currentVersion;
  int oldestVersion;
  int maxVersions;
  boolean casRequired;
  long deleteVersionAfterSeconds;
  Map<String, String> custom;

  VaultKvMetadata() {}

  VaultKvMetadata(Instant now) {
    this.created = now;
    this.updated = now;
  }

  /** Adds a version, moves the max-versions window, returns the new version number. */
  int addVersion(Map<String, Object> data, Instant now, int configMax, int defaultMax) {
    currentVersion++;
    versions.put(currentVersion, new Version(data, now));
    updated = now;
    if (created == null) {
      created = now;
    }
    int max = Math.max(maxVersions, configMax) > 0 ? Math.max(maxVersions, configMax) : defaultMax;
    if (currentVersion - oldestVersion >= max) {
      int toDelete = currentVersion - max;
      for (int i = oldestVersion; i <= toDelete; i++) {
        versions.remove(i);
      }
      oldestVersion = toDelete + 1;
    }
    return currentVersion;
  }

  /** The wanted version (0 = current), or null when there is no such version. */
  Version version(int wanted) {
    return versions.get(wanted > 0 ? wanted : currentVersion);
  }

  boolean softDelete(int number, Instant now) {
    Version v = versions.get(number);
    if (v == null || v.destroyed || (v.deletion != null && v.deletion.isBefore(now))) {
      return false;
    }
    v.deletion = now;
    return true;
  }

  void undelete(int number) {
    Version v = versions.get(number);
    if (v != null && !v.destroyed) {
      v.deletion = null;
    }
  }

  boolean destroy(int number) {
    Version v = versions.get(number);
    if (v == null || v.destroyed) {
      return false;
    }
    v.destroyed = true;
    v.data = null;
    return true;
  }

  /** The per-version metadata object of data reads and writes. */
  Map<String, Object> versionMetadata(int number, Version v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("created_time", VaultHttp.goTime(v.created));
    m.put("custom_metadata", custom == null ? null : new TreeMap<>(custom));
    m.put("deletion_time", VaultHttp.goTime(v.deletion));
    m.put("destroyed", v.destroyed);
    m.put("version", number);
    return m;
  }

  /** The body of {@code GET <mount>/metadata/<path>}. */
  Map<String, Object> toJson() {
    Map<String, Object> byNumber = new TreeMap<>();
    versions.forEach(
        (n, v) -> {
          Map<String, Object> one = new LinkedHashMap<>();
          one.put("created_time", VaultHttp.goTime(v.created));
          one.put("deletion_time", VaultHttp.goTime(v.deletion));
          one.put("destroyed", v.destroyed);
          byNumber.put(String.valueOf(n), one);
        });
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cas_required", casRequired);
    m.put("created_time", VaultHttp.goTime(created));
    m.put("current_version", currentVersion);
    m.put("custom_metadata", custom == null ? null : new TreeMap<>(custom));
    m.put("delete_version_after", goDuration(deleteVersionAfterSeconds));
    m.put("max_versions", maxVersions);
    m.put("oldest_version", oldestVersion);
    m.put("updated_time", VaultHttp.goTime(updated));
    m.put("versions", byNumber);
    return m;
  }

  /** Applies a {@code POST <mount>/metadata/<path>} body. */
  void update(Map<String, Object> body) {
    if (body.containsKey("max_versions")) {
      maxVersions = (int) VaultHttp.durationSeconds(body.get("max_versions"));
    }
    if (body.containsKey("cas_required")) {
      Object raw = body.get("cas_required");
      Boolean b = raw instanceof Boolean x ? x : VaultHttp.parseGoBool(String.valueOf(raw));
      if (b == null) {
        throw new VaultError(400, "error converting input " + raw + " for field \"cas_required\"");
      }
      casRequired = b;
    }
    if (body.containsKey("delete_version_after")) {
      deleteVersionAfterSeconds = VaultHttp.durationSeconds(body.get("delete_version_after"));
    }
    if (body.containsKey("custom_metadata")) {
      custom = VaultKvCustomMetadata.parse(body.get("custom_metadata"), false);
    }
  }

  /** The {@code versions} parameter: a JSON list of ints, one int, or "1,2" (TypeCommaIntSlice). */
  static List<Integer> parseVersions(Object raw) {
    List<Integer> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    List<?> items = raw instanceof List<?> l ? l : List.of(String.valueOf(raw).split(","));
    for (Object item : items) {
      String s = String.valueOf(item).trim();
      if (s.isEmpty()) {
        continue;
      }
      try {
        out.add(Integer.parseInt(s.replaceAll("\\.0+$", "")));
      } catch (NumberFormatException e) {
        throw new VaultError(400, "error converting input " + s + " for field \"versions\"");
      }
    }
    return out;
  }

  private static String goDuration(long seconds) {
    if (seconds == 0) {
      return "0s";
    }
    long h = seconds / 3600;
    long m = (seconds % 3600) / 60;
    long s = seconds % 60;
    return (h > 0 ? h + "h" : "") + (h > 0 || m > 0 ? m + "m" : "") + s + "s";
  }
}
