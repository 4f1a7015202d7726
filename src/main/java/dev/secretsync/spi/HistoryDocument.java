package dev.secretsync.spi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.CanonicalJson;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.FingerprintKey;
import dev.secretsync.core.HistoryEntry;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The body of one history entry in a store that keeps entries as documents (S3 objects, files): the
 * entry's facts ({@code version}, {@code time}, {@code actor}, {@code run_id}, fingerprints) and
 * the bundle itself under {@code secrets}, so a rollback can restore it. The document is as secret
 * as the bundle: stores write it with the bundle's protection (SSE, 0600).
 *
 * <p>Its name, {@code <utc-time>-<fp12>.json}, sorts by time, so a listing is in version order.
 */
public final class HistoryDocument {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private HistoryDocument() {}

  /** The document's name, {@code 20261120T103000.123Z-7a6553e8f98b.json}. */
  public static String name(HistoryEntry entry) {
    return NAME_TIME.format(entry.time()) + "-" + entry.bundle().shortHex() + ".json";
  }

  /** The entry for saving {@code bundle} as {@code version}, fingerprinted with {@code key}. */
  public static HistoryEntry entry(
      int version, HistoryOrigin origin, Bundle bundle, FingerprintKey key) {
    SortedMap<String, Fingerprint> keys = new TreeMap<>();
    bundle.secrets().forEach((k, s) -> keys.put(k.path(), s.fingerprint(key)));
    return new HistoryEntry(
        version,
        origin.time(),
        origin.actor(),
        origin.runId(),
        bundle.fingerprint(key),
        keys,
        origin.rollbackOf(),
        key.id());
  }

  /** The body (secret material: never log it). */
  public static byte[] encode(String target, HistoryEntry e, Bundle bundle) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", 1);
    json.put("target", target);
    json.put("version", e.version());
    json.put("time", e.time().toString());
    json.put("actor", e.actor());
    json.put("run_id", e.runId());
    json.put("rollback_of", e.rollbackOf());
    json.put("bundle_fingerprint", e.bundle().hex());
    json.put("key_id", e.keyId());
    Map<String, Object> keys = new TreeMap<>();
    e.keys().forEach((k, fp) -> keys.put(k, fp.hex()));
    json.put("keys", keys);
    json.put("secrets", bundle.toJsonObject());
    return CanonicalJson.writePretty(json).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A parsed document.
   *
   * @param entry the entry's facts
   * @param secrets the recorded bundle, unchecked (see {@link #bundle(FingerprintKey)})
   */
  public record Parsed(HistoryEntry entry, Map<?, ?> secrets) {
    /**
     * The recorded bundle, checked against the entry's fingerprint.
     *
     * @throws IllegalArgumentException when it was made with another key or does not match
     */
    public Bundle bundle(FingerprintKey key) {
      Map<SecretKey, Secret> out = new TreeMap<>();
      for (Map.Entry<?, ?> e : secrets.entrySet()) {
        if (!(e.getValue() instanceof Map<?, ?> value)) {
          throw new IllegalArgumentException("a secret in it is not a JSON object");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        value.forEach((k, v) -> data.put(String.valueOf(k), v));
        out.put(SecretKey.of(String.valueOf(e.getKey())), Secret.of(data));
      }
      Bundle bundle = Bundle.of(out);
      if (!key.id().equals(entry.keyId())) {
        throw new IllegalArgumentException(
            "it was recorded with another fingerprint key than the store's");
      }
      if (!bundle.fingerprint(key).equals(entry.bundle())) {
        throw new IllegalArgumentException("its content does not match its fingerprint");
      }
      return bundle;
    }
  }

  /**
   * Parses a body.
   *
   * @throws IllegalArgumentException with a reason that never quotes the body
   */
  public static Parsed decode(String target, byte[] body) {
    Map<?, ?> doc;
    try {
      doc = MAPPER.readValue(body, Map.class);
    } catch (IOException e) {
      // The parser's message quotes the input, which is secret material.
      throw new IllegalArgumentException("it is not valid JSON");
    }
    if (doc.get("target") != null && !target.equals(doc.get("target"))) {
      throw new IllegalArgumentException("it belongs to another target");
    }
    if (!(doc.get("secrets") instanceof Map<?, ?> secrets)
        || !(doc.get("keys") instanceof Map<?, ?> rawKeys)
        || !(doc.get("version") instanceof Number version)
        || !(doc.get("bundle_fingerprint") instanceof String fp)
        || !Fingerprint.isFingerprint(fp)) {
      throw new IllegalArgumentException("it lacks secrets, keys, version or bundle_fingerprint");
    }
    SortedMap<String, Fingerprint> keys = new TreeMap<>();
    for (Map.Entry<?, ?> k : rawKeys.entrySet()) {
      if (!(k.getValue() instanceof String hex) || !Fingerprint.isFingerprint(hex)) {
        throw new IllegalArgumentException("a key fingerprint in it is not valid");
      }
      keys.put(String.valueOf(k.getKey()), new Fingerprint(hex));
    }
    Instant time;
    try {
      time = Instant.parse(String.valueOf(doc.get("time")));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("its time is not an ISO-8601 instant");
    }
    HistoryEntry entry =
        new HistoryEntry(
            version.intValue(),
            time,
            text(doc.get("actor")),
            text(doc.get("run_id")),
            new Fingerprint(fp),
            keys,
            doc.get("rollback_of") instanceof Number n ? n.intValue() : 0,
            text(doc.get("key_id")));
    return new Parsed(entry, secrets);
  }

  private static String text(Object o) {
    return o instanceof String s ? s : "";
  }
}
