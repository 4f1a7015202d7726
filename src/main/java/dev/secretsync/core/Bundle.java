package dev.secretsync.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The secrets of one source or target, sorted by key. Immutable. Its {@link #fingerprint()} covers
 * every key and value, so two bundles with equal fingerprints are equal.
 */
public final class Bundle {
  private static final Bundle EMPTY = new Bundle(Collections.emptySortedMap());

  private final SortedMap<SecretKey, Secret> secrets;
  private volatile Fingerprint fingerprint;

  private Bundle(SortedMap<SecretKey, Secret> secrets) {
    this.secrets = secrets;
  }

  /** The empty bundle. */
  public static Bundle empty() {
    return EMPTY;
  }

  /** A bundle holding a copy of {@code secrets}. */
  public static Bundle of(Map<SecretKey, Secret> secrets) {
    return secrets.isEmpty()
        ? EMPTY
        : new Bundle(Collections.unmodifiableSortedMap(new TreeMap<>(secrets)));
  }

  /** The secrets, sorted by key, unmodifiable. */
  public SortedMap<SecretKey, Secret> secrets() {
    return secrets;
  }

  /** Number of secrets. */
  public int size() {
    return secrets.size();
  }

  /** Whether there are no secrets. */
  public boolean isEmpty() {
    return secrets.isEmpty();
  }

  /** The secret at {@code key}, or {@code null}. */
  public Secret get(SecretKey key) {
    return secrets.get(key);
  }

  /** The bundle as a JSON object {@code {key: secret}} (secret material: never log it). */
  public Map<String, Object> toJsonObject() {
    Map<String, Object> json = new TreeMap<>();
    secrets.forEach((k, v) -> json.put(k.path(), v.data()));
    return json;
  }

  /** SHA-256 over the canonical JSON of {@link #toJsonObject()}. */
  public Fingerprint fingerprint() {
    Fingerprint f = fingerprint;
    if (f == null) {
      // Hashed piece by piece: the same bytes as the whole document, without building a string
      // as large as the bundle (10 MB for 10,000 secrets of 1 KiB) and then its UTF-8 copy.
      MessageDigest sha = Fingerprint.sha256();
      sha.update((byte) '{');
      boolean first = true;
      for (Map.Entry<SecretKey, Secret> e : secrets.entrySet()) {
        if (!first) {
          sha.update((byte) ',');
        }
        first = false;
        sha.update(CanonicalJson.write(e.getKey().path()).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) ':');
        sha.update(e.getValue().canonicalJson().getBytes(StandardCharsets.UTF_8));
      }
      sha.update((byte) '}');
      f = Fingerprint.ofDigest(sha.digest());
      fingerprint = f;
    }
    return f;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bundle other && fingerprint().equals(other.fingerprint());
  }

  @Override
  public int hashCode() {
    return fingerprint().hashCode();
  }

  /** Redacted: key count and fingerprint only. */
  @Override
  public String toString() {
    return "Bundle[secrets=" + secrets.size() + ", " + fingerprint() + "]";
  }
}
