package dev.secretsync.core;

import java.util.Map;
import java.util.Objects;

/**
 * One secret's content: a JSON object. Immutable (deeply copied on creation). {@link #toString()}
 * never shows the content, so a secret that slips into a log line or exception leaks nothing.
 */
public final class Secret {
  private final Map<String, Object> data;
  private volatile Fingerprint fingerprint;

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

  /** SHA-256 of the canonical JSON of the content (computed once). */
  public Fingerprint fingerprint() {
    Fingerprint f = fingerprint;
    if (f == null) {
      f = Fingerprint.of(data);
      fingerprint = f;
    }
    return f;
  }

  /** The canonical JSON of the content. This is secret material: never log it. */
  public String canonicalJson() {
    return CanonicalJson.write(data);
  }

  /** Size in bytes of the canonical JSON as UTF-8, e.g. for the 64 KiB AWS limit. */
  public int canonicalSizeBytes() {
    return canonicalJson().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other && fingerprint().equals(other.fingerprint());
  }

  @Override
  public int hashCode() {
    return fingerprint().hashCode();
  }

  /** Redacted: shows the field count and fingerprint, never values. */
  @Override
  public String toString() {
    return "Secret[fields=" + data.size() + ", " + fingerprint() + "]";
  }
}
