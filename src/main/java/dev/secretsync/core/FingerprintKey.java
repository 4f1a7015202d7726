package dev.secretsync.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key of keyed fingerprints: {@code HMAC-SHA256(key, canonical JSON)}. Anything derived from a
 * value that a principal may see without being able to read the value — AWS version ids, manifests,
 * reports, plans — is computed with a key, because a bare SHA-256 of a low-entropy value (a PIN, a
 * short password) is reversed offline in seconds. Without the key a fingerprint says only whether
 * two values are equal.
 *
 * <p>A key is 32 random bytes. It is secret material: {@link #toString()} is redacted and {@link
 * #encoded()} is only for storing it where the values it protects are stored.
 */
public final class FingerprintKey {
  /** Fewest characters accepted for a configured {@code fingerprint_key}. */
  public static final int MIN_CONFIGURED_LENGTH = 16;

  private static final String ALGORITHM = "HmacSHA256";
  private static final int KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] DERIVATION_KEY =
      "secretsync fingerprint key v1".getBytes(StandardCharsets.UTF_8);

  private final SecretKeySpec spec;
  private final byte[] raw;
  private final ThreadLocal<Mac> macs;
  private volatile String id;

  private FingerprintKey(byte[] raw) {
    this.raw = raw.clone();
    this.spec = new SecretKeySpec(this.raw, ALGORITHM);
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** A new random key (from {@link SecureRandom}). */
  public static FingerprintKey generate() {
    byte[] b = new byte[KEY_BYTES];
    RANDOM.nextBytes(b);
    return new FingerprintKey(b);
  }

  /**
   * The key for a configured {@code fingerprint_key} / {@code SECRETSYNC_FINGERPRINT_KEY}: any text
   * of at least {@value #MIN_CONFIGURED_LENGTH} characters, stretched to 32 bytes with HMAC so that
   * every installation that configures the same text gets the same key.
   *
   * @throws IllegalArgumentException when the text is shorter than the minimum
   */
  public static FingerprintKey fromConfigured(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() < MIN_CONFIGURED_LENGTH) {
      throw new IllegalArgumentException(
          "is "
              + text.length()
              + " characters; use at least "
              + MIN_CONFIGURED_LENGTH
              + " random characters (e.g. the output of `openssl rand -base64 32`)");
    }
    return new FingerprintKey(hmac(DERIVATION_KEY, text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A key stored by {@link #encoded()}.
   *
   * @throws IllegalArgumentException when {@code encoded} is not base64 of 32 bytes
   */
  public static FingerprintKey decode(String encoded) {
    byte[] b;
    try {
      b = Base64.getDecoder().decode(encoded.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a stored fingerprint key is not base64");
    }
    if (b.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "a stored fingerprint key has " + b.length + " bytes, not " + KEY_BYTES);
    }
    return new FingerprintKey(b);
  }

  /** The key as base64, for storing beside the values it protects. Secret material. */
  public String encoded() {
    return Base64.getEncoder().encodeToString(raw);
  }

  /** Keyed fingerprint of any JSON-shaped value (see {@link CanonicalJson}). */
  public Fingerprint of(Object jsonValue) {
    return ofCanonical(CanonicalJson.write(jsonValue));
  }

  /** Keyed fingerprint of text that is already canonical JSON. */
  public Fingerprint ofCanonical(String canonicalJson) {
    return new Fingerprint(hex(mac().doFinal(canonicalJson.getBytes(StandardCharsets.UTF_8))));
  }

  /** A MAC ready for piecewise input; finish it with {@link #finish(Mac)}. */
  Mac mac() {
    Mac m = macs.get();
    m.reset();
    return m;
  }

  static Fingerprint finish(Mac mac) {
    return new Fingerprint(hex(mac.doFinal()));
  }

  /**
   * A short identifier of this key that reveals nothing about it (an HMAC of a constant), so logs
   * and stored records can say which key was used.
   */
  public String id() {
    String i = id;
    if (i == null) {
      i = hex(mac().doFinal("secretsync key id".getBytes(StandardCharsets.UTF_8))).substring(0, 12);
      id = i;
    }
    return i;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FingerprintKey other && MessageDigest.isEqual(raw, other.raw);
  }

  @Override
  public int hashCode() {
    return id().hashCode();
  }

  /** Redacted. */
  @Override
  public String toString() {
    return "FingerprintKey[redacted]";
  }

  private Mac newMac() {
    try {
      Mac m = Mac.getInstance(ALGORITHM);
      m.init(spec);
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac m = Mac.getInstance(ALGORITHM);
      m.init(new SecretKeySpec(key, ALGORITHM));
      return m.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
