package dev.secretsync.core;

import java.util.Map;
import java.util.Objects;

/**
 * One secret's content: a JSON object. Immutable (deeply copied on creation). {@link #toString()}
 * never shows the content, so a secret that slips into a log line or exception leaks nothing.
 *
 * <p>The canonical JSON is computed once and kept: a run needs it for the fingerprint, the size
 * check, the bundle's fingerprint and the write, and computing it each time was the largest CPU
 * cost of planning 10,000 secrets.
 */
public final class Secret {
  private final Map<String, Object> data;
  private volatile String canonical;
  private volatile Keyed fingerprint;
  private volatile int canonicalSize = -1;

  private Secret(Map<String, Object> data) {
    this.data = data;
  }

  /** A secret holding a deep, unmodifiable copy of {@code data}. */
  public static Secret of(Map<String, ?> data) {
    Objects.requireNonNull(data, "data");
    return new Secret(JsonValues.immutableObject(data));
  }

  /** The content: an unmodifiable JSON object (nested maps and lists are unmodifiable too). */
  public Map<String, Object> data() {
    return data;
  }

  /**
   * The keyed fingerprint of the content. The last one computed is kept: a run uses one key per
   * target, so planning, applying and reporting a secret compute it once.
   */
  public Fingerprint fingerprint(FingerprintKey key) {
    Keyed k = fingerprint;
    if (k == null || k.key() != key) {
      k = new Keyed(key, key.ofCanonical(canonicalJson()));
      fingerprint = k;
    }
    return k.fingerprint();
  }

  /** A fingerprint with the key it was computed with (compared by identity: keys are few). */
  private record Keyed(FingerprintKey key, Fingerprint fingerprint) {}

  /** The canonical JSON of the content (computed once). This is secret material: never log it. */
  public String canonicalJson() {
    String c = canonical;
    if (c == null) {
      c = CanonicalJson.write(data);
      canonical = c;
    }
    return c;
  }

  /** Size in bytes of the canonical JSON as UTF-8, e.g. for the 64 KiB AWS limit. */
  public int canonicalSizeBytes() {
    int size = canonicalSize;
    if (size < 0) {
      size = utf8Length(canonicalJson());
      canonicalSize = size;
    }
    return size;
  }

  /** UTF-8 length without encoding (a lone surrogate counts as the one byte '?' it becomes). */
  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        n += 1;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** Equal content (the same canonical JSON). */
  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof Secret other && canonicalJson().equals(other.canonicalJson()));
  }

  @Override
  public int hashCode() {
    return canonicalJson().hashCode();
  }

  /**
   * Redacted: shows the field count only — not even a fingerprint, which could be reversed for a
   * low-entropy value if it were unkeyed and is meaningless to a reader without its key.
   */
  @Override
  public String toString() {
    return "Secret[fields=" + data.size() + "]";
  }
}
