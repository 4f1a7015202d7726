package dev.secretsync.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * SHA-256 of the canonical JSON of a value, as 64 lower-case hex digits. Fingerprints — never
 * values — go into plans, reports, logs and metrics. Note that a fingerprint of a low-entropy value
 * can be brute-forced; we print only the first 12 digits ({@link #shortHex()}) to people.
 */
public record Fingerprint(String hex) {

  /** Validates the hex form. */
  public Fingerprint {
    Objects.requireNonNull(hex, "hex");
    if (!isFingerprint(hex)) {
      throw new IllegalArgumentException("a fingerprint is 64 lower-case hex digits");
    }
  }

  /** Fingerprint of any JSON-shaped value (see {@link CanonicalJson}). */
  public static Fingerprint of(Object jsonValue) {
    return ofCanonical(CanonicalJson.write(jsonValue));
  }

  /** Fingerprint of text that is already canonical JSON. */
  public static Fingerprint ofCanonical(String canonicalJson) {
    return ofDigest(sha256().digest(canonicalJson.getBytes(StandardCharsets.UTF_8)));
  }

  /** A fresh SHA-256 digest, for hashing canonical JSON piece by piece. */
  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The fingerprint for a finished SHA-256 digest. */
  static Fingerprint ofDigest(byte[] sha256) {
    return new Fingerprint(HexFormat.of().formatHex(sha256));
  }

  /** Whether {@code s} has the form of a fingerprint (64 lower-case hex digits). */
  public static boolean isFingerprint(String s) {
    if (s == null || s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** The first 12 hex digits, for humans. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  @Override
  public String toString() {
    return "sha256:" + shortHex();
  }
}
