package dev.secretsync.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One Vault namespace of the {@link VaultEmulator}: its own secrets-engine mount table and its own
 * auth-method mounts. The root namespace is {@link VaultEmulator#root()}; child namespaces come
 * from {@link VaultEmulator#namespace(String)} and are addressed by clients through the {@code
 * X-Vault-Namespace} header or a path prefix ({@code /v1/team-a/secret/data/x}).
 *
 * <p>Mount and secret paths are given without leading or trailing slashes ({@code "teams/data"},
 * {@code "config/database"}). All methods are thread-safe.
 */
public final class VaultNamespace {

  private final String path;
  private final ConcurrentSkipListMap<String, VaultKvEngine> kv = new ConcurrentSkipListMap<>();
  private final Map<String, VaultAuth.Method> auth = new ConcurrentHashMap<>();

  VaultNamespace(String path) {
    this.path = path;
  }

  /** The namespace path with a trailing slash ({@code "team-a/"}), or "" for the root. */
  public String path() {
    return path;
  }

  /** Mounts a KV secrets engine of version 1 or 2 at {@code mount}; no-op if the same exists. */
  public synchronized VaultNamespace mountKv(String mount, int version) {
    String m = mountPath(mount);
    VaultKvEngine existing = kv.get(m);
    if (existing != null && existing.version == version) {
      return this;
    }
    if (existing != null) {
      throw new IllegalStateException(
          "mount " + m + " already exists with KV v" + existing.version);
    }
    addMount(new VaultKvEngine(m, version, Map.of("version", String.valueOf(version)), ""));
    return this;
  }

  /** Writes a new version of a secret (KV v1: replaces it); returns the new version number. */
  public int put(String mount, String secretPath, Map<String, ?> data) {
    return engine(mount).put(secretPath(secretPath), data);
  }

  /** Soft-deletes the latest version (KV v1: removes the secret); false if nothing to delete. */
  public boolean softDeleteLatest(String mount, String secretPath) {
    return engine(mount).softDeleteLatest(secretPath(secretPath));
  }

  /** Destroys the latest version (KV v1: removes the secret); false if nothing to destroy. */
  public boolean destroyLatest(String mount, String secretPath) {
    return engine(mount).destroyLatest(secretPath(secretPath));
  }

  /** Sets a KV v2 secret's {@code custom_metadata}. */
  public void customMetadata(String mount, String secretPath, Map<String, String> custom) {
    engine(mount).customMetadata(secretPath(secretPath), custom);
  }

  /** The latest readable data of a secret; empty if absent, soft-deleted or destroyed. */
  public Optional<Map<String, Object>> read(String mount, String secretPath) {
    return engine(mount).read(secretPath(secretPath), 0);
  }

  /** A given version of a KV v2 secret; empty if absent, soft-deleted or destroyed. */
  public Optional<Map<String, Object>> read(String mount, String secretPath, int version) {
    return engine(mount).read(secretPath(secretPath), version);
  }

  /**
   * Every secret path of a mount, recursively and sorted. For KV v2 this includes secrets whose
   * versions are all deleted or destroyed, as Vault's LIST does, until their metadata is deleted.
   */
  public List<String> listKeys(String mount) {
    return engine(mount).keys();
  }

  /** The mount paths of this namespace's secrets engines, with trailing slashes. */
  public Set<String> mounts() {
    return new TreeSet<>(kv.keySet());
  }

  /** Enables AppRole at {@code mount} (if needed) and adds a role_id / secret_id pair. */
  public VaultNamespace addAppRole(
      String mount, String roleId, String secretId, String... policies) {
    return addRole(mount, "approle", roleId, new VaultAuth.Role(roleId, secretId, list(policies)));
  }

  /** Enables Kubernetes auth at {@code mount} (if needed); {@code role} accepts only that JWT. */
  public VaultNamespace addKubernetesRole(
      String mount, String role, String expectedJwt, String... policies) {
    return addRole(
        mount, "kubernetes", role, new VaultAuth.Role(role, expectedJwt, list(policies)));
  }

  /** Enables JWT/OIDC auth at {@code mount} (if needed); {@code role} accepts only that JWT. */
  public VaultNamespace addJwtRole(
      String mount, String role, String expectedJwt, String... policies) {
    return addRole(mount, "jwt", role, new VaultAuth.Role(role, expectedJwt, list(policies)));
  }

  // ---- package-private, for the router ----------------------------------------------------

  synchronized void addMount(VaultKvEngine engine) {
    String m = engine.path;
    for (String existing : reservedAndMounted()) {
      if (m.startsWith(existing) || existing.startsWith(m)) {
        throw new IllegalArgumentException("path is already in use at " + existing);
      }
    }
    kv.put(m, engine);
  }

  synchronized boolean removeMount(String mount) {
    return kv.remove(mountPath(mount)) != null;
  }

  /** The engine whose mount is the longest prefix of {@code rel}, or null. */
  VaultKvEngine findMount(String rel) {
    String probe = rel.endsWith("/") ? rel : rel + "/";
    VaultKvEngine best = null;
    for (VaultKvEngine e : kv.values()) {
      if (probe.startsWith(e.path) && (best == null || e.path.length() > best.path.length())) {
        best = e;
      }
    }
    return best;
  }

  Map<String, VaultKvEngine> kvMounts() {
    return kv;
  }

  Map<String, VaultAuth.Method> authMounts() {
    return auth;
  }

  /** The auth method mounted at {@code mount} ("approle/"), or null. */
  VaultAuth.Method authMethod(String mount) {
    return auth.get(mount);
  }

  static String mountPath(String mount) {
    String m = trimSlashes(mount);
    if (m.isEmpty()) {
      throw new IllegalArgumentException("mount path must not be empty");
    }
    return m + "/";
  }

  static String trimSlashes(String s) {
    String t = s == null ? "" : s.trim();
    while (t.startsWith("/")) {
      t = t.substring(1);
    }
    while (t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }

  private VaultKvEngine engine(String mount) {
    VaultKvEngine e = kv.get(mountPath(mount));
    if (e == null) {
      throw new IllegalArgumentException("no KV mount " + mount + " in namespace '" + path + "'");
    }
    return e;
  }

  private static String secretPath(String p) {
    String t = trimSlashes(p);
    if (t.isEmpty()) {
      throw new IllegalArgumentException("secret path must not be empty");
    }
    return t;
  }

  private Set<String> reservedAndMounted() {
    Set<String> all = new TreeSet<>(kv.keySet());
    all.addAll(List.of("sys/", "auth/", "cubbyhole/", "identity/"));
    return all;
  }

  private synchronized VaultNamespace addRole(
      String mount, String type, String key, VaultAuth.Role role) {
    String m = mountPath(mount);
    if (m.equals("token/")) {
      throw new IllegalArgumentException("auth/token is the token store, not a login method");
    }
    VaultAuth.Method method =
        auth.computeIfAbsent(m, k -> new VaultAuth.Method(type, new ConcurrentHashMap<>()));
    if (!method.type().equals(type)) {
      throw new IllegalStateException("auth/" + m + " is already a " + method.type() + " mount");
    }
    method.roles().put(key, role);
    return this;
  }

  private static List<String> list(String... policies) {
    return Arrays.asList(policies);
  }
}
