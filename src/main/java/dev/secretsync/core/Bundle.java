package dev.secretsync.core;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.Mac;

/**
 * The secrets of one source or target, sorted by key. Immutable. Its {@link
 * #fingerprint(FingerprintKey)} covers every key and value, so two bundles with equal fingerprints
 * under one key are equal.
 */
public final class Bundle {
  private static final Bundle EMPTY = new Bundle(Collections.emptySortedMap());

  private final SortedMap<SecretKey, Secret> secrets;
  private volatile Keyed fingerprint;

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

  /** Keyed fingerprint of the canonical JSON of {@link #toJsonObject()} (the last one is kept). */
  public Fingerprint fingerprint(FingerprintKey key) {
    Keyed k = fingerprint;
    if (k == null || k.key() != key) {
      // Hashed piece by piece: the same bytes as the whole document, without building a string
      // as large as the bundle (10 MB for 10,000 secrets of 1 KiB) and then its UTF-8 copy.
      Mac sha = key.mac();
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
      k = new Keyed(key, FingerprintKey.finish(sha));
      fingerprint = k;
    }
    return k.fingerprint();
  }

  /** A fingerprint with the key it was computed with (compared by identity: keys are few). */
  private record Keyed(FingerprintKey key, Fingerprint fingerprint) {}

  /** Equal keys and contents. */
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof Bundle other && secrets.equals(other.secrets));
  }

  @Override
  public int hashCode() {
    return secrets.hashCode();
  }

  /** Redacted: key count only. */
  @Override
  public String toString() {
    return "Bundle[secrets=" + secrets.size() + "]";
  }
}
