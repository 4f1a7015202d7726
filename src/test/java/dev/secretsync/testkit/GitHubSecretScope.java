package dev.secretsync.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One GitHub secrets scope of the emulator (a repository's Actions, Dependabot or Codespaces
 * secrets): its X25519 key pair, and per secret name the decrypted value and timestamps. Names are
 * stored upper-cased, as GitHub does ("secret names are case insensitive").
 */
final class GitHubSecretScope {
  /** GitHub's documented limit on a secret value: 48 KB. */
  static final int MAX_VALUE_BYTES = 48 * 1024;

  /** A stored secret. */
  record Stored(String name, String value, Instant createdAt, Instant updatedAt) {}

  private final byte[] secretKey;
  private final byte[] publicKey;
  private final String keyId;
  private final TreeMap<String, Stored> secrets = new TreeMap<>();
  private final List<String> received = new CopyOnWriteArrayList<>();

  GitHubSecretScope(long keySerial) {
    byte[][] pair = GitHubSealedBoxOpener.keyPair();
    secretKey = pair[0];
    publicKey = pair[1];
    // GitHub's key ids are opaque digit strings (e.g. "012345678912345678").
    keyId = String.format("%018d", keySerial);
  }

  String keyId() {
    return keyId;
  }

  String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(publicKey);
  }

  /** The sealed boxes (base64) received by PUT, for tests that check none leaks. */
  List<String> received() {
    return List.copyOf(received);
  }

  /** Opens {@code encryptedValue} (base64 sealed box) or returns empty. */
  Optional<String> open(String encryptedValue) {
    received.add(encryptedValue);
    byte[] sealed;
    try {
      sealed = Base64.getDecoder().decode(encryptedValue);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return GitHubSealedBoxOpener.open(sealed, publicKey, secretKey)
        .map(b -> new String(b, StandardCharsets.UTF_8));
  }

  /** Stores a value; true when the name was new. {@code updated_at} always moves forward. */
  synchronized boolean put(String name, String value, Instant now) {
    String key = name.toUpperCase(Locale.ROOT);
    Stored old = secrets.get(key);
    Instant at = now.truncatedTo(ChronoUnit.SECONDS);
    if (old != null && !at.isAfter(old.updatedAt())) {
      // GitHub reports seconds; a write in the same second as the last one still moves it on,
      // so a test can rely on "every write changes updated_at".
      at = old.updatedAt().plusSeconds(1);
    }
    secrets.put(key, new Stored(key, value, old == null ? at : old.createdAt(), at));
    return old == null;
  }

  synchronized boolean delete(String name) {
    return secrets.remove(name.toUpperCase(Locale.ROOT)) != null;
  }

  synchronized Optional<Stored> get(String name) {
    return Optional.ofNullable(secrets.get(name.toUpperCase(Locale.ROOT)));
  }

  synchronized List<Stored> all() {
    return List.copyOf(secrets.values());
  }

  synchronized Map<String, String> values() {
    Map<String, String> out = new TreeMap<>();
    secrets.forEach((k, v) -> out.put(k, v.value()));
    return out;
  }
}
