package dev.secretsync.core;

import java.util.Objects;

/**
 * A keyed fingerprint: {@code HMAC-SHA256(key, canonical JSON)} of a value, as 64 lower-case hex
 * digits (see {@link FingerprintKey}). Fingerprints — never values — go into plans, reports,
 * version ids and manifests; without the key they reveal only whether two values are equal.
 */
public record Fingerprint(String hex) {

  /** Validates the hex form. */
  public Fingerprint {
    Objects.requireNonNull(hex, "hex");
    if (!isFingerprint(hex)) {
      throw new IllegalArgumentException("a fingerprint is 64 lower-case hex digits");
    }
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
    return "fp:" + shortHex();
  }
}
