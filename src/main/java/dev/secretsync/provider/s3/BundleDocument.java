package dev.secretsync.provider.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.CanonicalJson;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.FingerprintKey;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The body of a bundle object: {@code {"target": …, "fingerprint": …, "key_id": …, "secrets": {key:
 * object}}} as indented JSON with sorted keys. The keyed fingerprint is also kept in the object's
 * metadata so checking it costs a HEAD, not a GET; {@code key_id} ({@link FingerprintKey#id()})
 * says which key made it.
 */
final class BundleDocument {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private BundleDocument() {}

  /** The body for {@code bundle} (secret material: never log it). */
  static byte[] encode(String target, Bundle bundle, FingerprintKey key) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("target", target);
    json.put("fingerprint", bundle.fingerprint(key).hex());
    json.put("key_id", key.id());
    json.put("secrets", bundle.toJsonObject());
    return CanonicalJson.writePretty(json).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a body and checks it: the bundle must hash to the fingerprint it was stored with (when
   * it was stored with {@code key}; a body written under another key cannot be checked and is
   * rewritten by the next merge), and belong to {@code target}.
   *
   * @throws Damaged with a reason that never quotes the body
   */
  static Bundle decode(String target, byte[] body, FingerprintKey key) throws Damaged {
    Object parsed;
    try {
      parsed = MAPPER.readValue(body, Object.class);
    } catch (IOException e) {
      // The parser's message quotes the input, which is secret material: say what, not where.
      throw new Damaged("it is not valid JSON (" + e.getClass().getSimpleName() + ")");
    }
    if (!(parsed instanceof Map<?, ?> doc) || !(doc.get("secrets") instanceof Map<?, ?> raw)) {
      throw new Damaged("it has no \"secrets\" object");
    }
    if (doc.get("target") != null && !target.equals(doc.get("target"))) {
      throw new Damaged("it holds the bundle of another target");
    }
    Map<SecretKey, Secret> secrets = new TreeMap<>();
    for (Map.Entry<?, ?> e : raw.entrySet()) {
      if (!(e.getValue() instanceof Map<?, ?> value)) {
        throw new Damaged("a secret in it is not a JSON object");
      }
      try {
        secrets.put(SecretKey.of(String.valueOf(e.getKey())), Secret.of(stringKeys(value)));
      } catch (IllegalArgumentException invalid) {
        throw new Damaged("it holds an invalid secret key (" + invalid.getMessage() + ")");
      }
    }
    Bundle bundle = Bundle.of(secrets);
    Object stored = doc.get("fingerprint");
    if (!(stored instanceof String hex) || !Fingerprint.isFingerprint(hex)) {
      throw new Damaged("it has no fingerprint");
    }
    if (!key.id().equals(doc.get("key_id"))) {
      throw new Damaged(
          "its fingerprint was made with another fingerprint key than the store's (the key was"
              + " replaced, or an older secretsync wrote it)");
    }
    if (!bundle.fingerprint(key).hex().equals(hex)) {
      throw new Damaged(
          "its content does not match its fingerprint (stored "
              + new Fingerprint(hex)
              + ", content "
              + bundle.fingerprint(key)
              + ")");
    }
    return bundle;
  }

  private static Map<String, Object> stringKeys(Map<?, ?> value) {
    Map<String, Object> out = new LinkedHashMap<>();
    value.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  /** A body that cannot be trusted; the message says why without quoting it. */
  static final class Damaged extends Exception {
    Damaged(String reason) {
      super(reason);
    }
  }
}
