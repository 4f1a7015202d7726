package dev.secretsync.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One GitHub secrets scope of the emulator (a repository's Actions, Dependabot or Codespaces
 * secrets, an environment's Actions secrets, or an organisation's secrets of one app): its X25519
 * key pair, and per secret name the decrypted value and timestamps. Names are stored upper-cased,
 * as GitHub does ("secret names are case insensitive"). Organisation secrets also carry their
 * access: {@code visibility} ({@code all}, {@code private}, {@code selected}) and the selected
 * repository ids — required on every PUT, as the REST API description says.
 */
final class GitHubSecretScope {
  /** GitHub's documented limit on a secret value: 48 KB. */
  static final int MAX_VALUE_BYTES = 48 * 1024;

  /** A stored secret. */
  record Stored(String name, String value, Instant createdAt, Instant updatedAt) {}

  /** An organisation secret's access. */
  record Access(String visibility, Set<Long> repositoryIds) {}

  private static final Set<String> VISIBILITIES = Set.of("all", "private", "selected");

  private final byte[] secretKey;
  private final byte[] publicKey;
  private final String keyId;
  private final TreeMap<String, Stored> secrets = new TreeMap<>();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final Map<String, Access> access = new ConcurrentHashMap<>();
  private final String orgApp;
  private final String basePath;

  GitHubSecretScope(long keySerial) {
    this(keySerial, null, "");
  }

  /**
   * @param orgApp the app of an organisation scope ({@code actions} …), or null for repository and
   *     environment scopes
   * @param basePath the collection's path, {@code /orgs/acme/actions/secrets}
   */
  GitHubSecretScope(long keySerial, String orgApp, String basePath) {
    this.orgApp = orgApp;
    this.basePath = basePath;
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
    access.remove(name.toUpperCase(Locale.ROOT));
    return secrets.remove(name.toUpperCase(Locale.ROOT)) != null;
  }

  /** The path of one secret. */
  String path(String name) {
    return basePath + "/" + name;
  }

  /** Whether this is an organisation scope. */
  boolean org() {
    return orgApp != null;
  }

  /**
   * What is wrong with a PUT body's access fields, if anything: organisation secrets need {@code
   * visibility}; {@code selected_repository_ids} only with {@code selected}, integers for Actions
   * and Codespaces, integers or numeric strings for Dependabot.
   */
  Optional<String> checkAccess(Map<?, ?> body) {
    if (!org()) {
      return Optional.empty();
    }
    if (!(body.get("visibility") instanceof String v) || !VISIBILITIES.contains(v)) {
      return Optional.of("Invalid request.\n\n\"visibility\" is required (all, private, selected)");
    }
    Object ids = body.get("selected_repository_ids");
    if (ids == null) {
      return Optional.empty();
    }
    if (!"selected".equals(v)) {
      return Optional.of("selected_repository_ids can only be given with visibility selected");
    }
    if (!(ids instanceof List<?> list)) {
      return Optional.of("Invalid request.\n\n\"selected_repository_ids\" is not an array");
    }
    for (Object id : list) {
      boolean ok =
          id instanceof Integer
              || id instanceof Long
              || ("dependabot".equals(orgApp) && id instanceof String s && s.matches("[0-9]+"));
      if (!ok) {
        return Optional.of(
            "Invalid request.\n\nFor 'items', "
                + id
                + " is not "
                + ("dependabot".equals(orgApp) ? "an integer or a string" : "an integer")
                + ".");
      }
    }
    return Optional.empty();
  }

  /** Records the access of a PUT already checked by {@link #checkAccess}. */
  void setAccess(String name, Map<?, ?> body) {
    if (!org()) {
      return;
    }
    Set<Long> ids = new TreeSet<>();
    if (body.get("selected_repository_ids") instanceof List<?> list) {
      list.forEach(id -> ids.add(Long.parseLong(id.toString())));
    }
    access.put(name.toUpperCase(Locale.ROOT), new Access((String) body.get("visibility"), ids));
  }

  /** Sets the selected repositories as {@code PUT …/repositories} does (no updated_at change). */
  void setRepositories(String name, Set<Long> ids) {
    access.computeIfPresent(
        name.toUpperCase(Locale.ROOT), (k, a) -> new Access(a.visibility(), new TreeSet<>(ids)));
  }

  /** Sets the visibility as someone else would, out of band; the value is left alone. */
  void setVisibility(String name, String visibility) {
    access.put(name.toUpperCase(Locale.ROOT), new Access(visibility, Set.of()));
  }

  /** An organisation secret's access, if it is one. */
  Optional<Access> access(String name) {
    return Optional.ofNullable(access.get(name.toUpperCase(Locale.ROOT)));
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
