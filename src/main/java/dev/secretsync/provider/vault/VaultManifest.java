package dev.secretsync.provider.vault;

import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.FingerprintKey;
import dev.secretsync.core.HistoryEntry;
import dev.secretsync.spi.HistoryOrigin;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One version of a target's manifest in the Vault merge store, {@code <mount>/manifests/<target>}:
 * the bundle's fingerprint, each key's fingerprint and the KV version holding its value, and (since
 * format 3) who saved it — so each KV version of the manifest is one history entry. {@code retired}
 * names keys no longer in the bundle with the manifest version that dropped them: their values stay
 * readable for rollback until no kept manifest version names them.
 *
 * @param version the manifest's KV version (also the history version)
 * @param bundle the bundle's fingerprint
 * @param keys key → entry
 * @param keyId the {@link FingerprintKey#id()} its fingerprints were made with, or null
 * @param origin who saved it, or null for a manifest written before history was recorded
 * @param retired key → the manifest version that no longer named it
 */
record VaultManifest(
    int version,
    Fingerprint bundle,
    Map<String, Entry> keys,
    String keyId,
    HistoryOrigin origin,
    Map<String, Integer> retired) {
  /** The format written: 3 adds {@code history} and {@code retired}. */
  static final int FORMAT = 3;

  /**
   * One key as the manifest records it.
   *
   * @param fingerprint the fingerprint of its value
   * @param version the KV version holding that value; 0 when not recorded (read the latest)
   */
  record Entry(String fingerprint, int version) {}

  /**
   * Parses a manifest version's data.
   *
   * @throws IllegalArgumentException when it has no valid bundle fingerprint
   */
  static VaultManifest parse(Map<String, Object> data, int version) {
    Map<String, Entry> keys = new TreeMap<>();
    if (data.get("keys") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> keys.put(String.valueOf(k), entry(v)));
    }
    Object fp = data.get("bundle_fingerprint");
    if (!(fp instanceof String hex) || !Fingerprint.isFingerprint(hex)) {
      throw new IllegalArgumentException("the manifest has no valid bundle_fingerprint");
    }
    String keyId = data.get("key_id") instanceof String id ? id : null;
    Map<String, Integer> retired = new TreeMap<>();
    if (data.get("retired") instanceof Map<?, ?> r) {
      r.forEach((k, v) -> retired.put(String.valueOf(k), v instanceof Number n ? n.intValue() : 0));
    }
    return new VaultManifest(
        version, new Fingerprint(hex), keys, keyId, origin(data.get("history")), retired);
  }

  /** A manifest entry: {@code {fingerprint, version}}, or a bare fingerprint (format 1). */
  private static Entry entry(Object raw) {
    if (raw instanceof Map<?, ?> m) {
      int version = m.get("version") instanceof Number n ? n.intValue() : 0;
      return new Entry(String.valueOf(m.get("fingerprint")), Math.max(version, 0));
    }
    return new Entry(String.valueOf(raw), 0);
  }

  private static HistoryOrigin origin(Object raw) {
    if (!(raw instanceof Map<?, ?> h) || !(h.get("time") instanceof String time)) {
      return null;
    }
    try {
      return new HistoryOrigin(
          h.get("run_id") instanceof String id ? id : "",
          h.get("actor") instanceof String a ? a : null,
          Instant.parse(time),
          h.get("rollback_of") instanceof Number n ? n.intValue() : 0);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The data of a new manifest version. */
  static Map<String, Object> body(
      Fingerprint bundle,
      String keyId,
      Map<String, Entry> entries,
      HistoryOrigin origin,
      Map<String, Integer> retired) {
    Map<String, Object> keys = new TreeMap<>();
    entries.forEach(
        (k, v) -> keys.put(k, Map.of("fingerprint", v.fingerprint(), "version", v.version())));
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("format", FORMAT);
    manifest.put("bundle_fingerprint", bundle.hex());
    manifest.put("key_id", keyId);
    manifest.put("keys", keys);
    if (origin != null) {
      Map<String, Object> history = new LinkedHashMap<>();
      history.put("time", origin.time().toString());
      history.put("actor", origin.actor());
      history.put("run_id", origin.runId());
      history.put("rollback_of", origin.rollbackOf());
      manifest.put("history", history);
    }
    if (!retired.isEmpty()) {
      manifest.put("retired", new TreeMap<>(retired));
    }
    return manifest;
  }

  /**
   * This version as a history entry; {@code created} (the KV version's creation time) stands in for
   * a manifest written before history was recorded.
   */
  HistoryEntry entry(Instant created) {
    SortedMap<String, Fingerprint> fps = new TreeMap<>();
    keys.forEach(
        (k, e) -> {
          if (Fingerprint.isFingerprint(e.fingerprint())) {
            fps.put(k, new Fingerprint(e.fingerprint()));
          }
        });
    return new HistoryEntry(
        version,
        origin != null ? origin.time() : created,
        origin != null ? origin.actor() : "unknown",
        origin != null ? origin.runId() : "",
        bundle,
        fps,
        origin != null ? origin.rollbackOf() : 0,
        keyId);
  }
}
