package dev.secretsync.testkit;

import dev.secretsync.testkit.VaultHttp.Call;
import dev.secretsync.testkit.VaultHttp.Response;
import dev.secretsync.testkit.VaultHttp.VaultError;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The token store and the login methods (AppRole, Kubernetes, JWT/OIDC) of the Vault emulator.
 * Login errors use the messages of Vault's approle backend and of vault-plugin-auth-kubernetes /
 * vault-plugin-auth-jwt; token errors use the core's ("permission denied", "invalid token").
 */
final class VaultAuth {

  /** Vault's answer to a missing token. */
  static final String PERMISSION_DENIED = "permission denied";

  /** Vault's answer (1.17+) to an unknown, expired or revoked token: one multierror string. */
  static final String INVALID_TOKEN =
      "2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n";

  /** Vault's answer when a valid token's policies deny the path. */
  static final String ACL_DENIED = "1 error occurred:\n\t* permission denied\n\n";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  /** One issued token. Mutable fields are guarded by the token's monitor. */
  static final class Token {
    final String id = "hvs." + randomId(24);
    final String accessor = randomId(24);
    final String entityId;
    final String namespace;
    final String path;
    final String displayName;
    final List<String> policies;
    final Map<String, String> meta;
    final Instant created = Instant.now();
    final long creationTtl;
    final boolean root;
    Instant expireAt;
    Instant lastRenewal;
    long grantedTtl;
    boolean revoked;

    Token(
        String namespace,
        String path,
        String displayName,
        List<String> policies,
        Map<String, String> meta,
        Duration ttl,
        boolean root) {
      this.namespace = namespace;
      this.path = path;
      this.displayName = displayName;
      this.policies = List.copyOf(new TreeSet<>(policies));
      this.meta = meta;
      this.root = root;
      this.creationTtl = root ? 0 : ttl.toSeconds();
      this.expireAt = root ? null : created.plus(ttl);
      this.grantedTtl = creationTtl;
      this.entityId = root ? "" : UUID.randomUUID().toString();
    }

    synchronized boolean valid(Instant now) {
      return !revoked && (expireAt == null || expireAt.isAfter(now));
    }

    synchronized long ttlSeconds(Instant now) {
      return expireAt == null ? 0 : Math.max(0, Duration.between(now, expireAt).toSeconds());
    }
  }

  /** A role of a login method: the credential to present and the policies granted. */
  record Role(String name, String secret, List<String> policies) {}

  /** A mounted login method and its roles (AppRole roles are keyed by role_id). */
  record Method(String type, Map<String, Role> roles) {}

  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Token rootToken;
  volatile Duration defaultTtl = Duration.ofSeconds(VaultKvEngine.V1_LEASE_SECONDS);
  volatile Duration maxTtl = Duration.ofSeconds(VaultKvEngine.V1_LEASE_SECONDS);

  VaultAuth() {
    rootToken =
        new Token("", "auth/token/root", "root", List.of("root"), null, Duration.ZERO, true);
    tokens.put(rootToken.id, rootToken);
  }

  String rootToken() {
    return rootToken.id;
  }

  Token issue(
      String ns, String path, String displayName, List<String> policies, Map<String, String> meta) {
    List<String> all = new ArrayList<>(policies);
    all.add("default");
    Token t = new Token(ns, path, displayName, all, meta, defaultTtl, false);
    tokens.put(t.id, t);
    return t;
  }

  /** The live token with that id, or null (unknown, revoked, expired). */
  Token lookup(String id) {
    Token t = id == null ? null : tokens.get(id);
    return t != null && t.valid(Instant.now()) ? t : null;
  }

  void revokeAll() {
    tokens.values().stream().filter(t -> !t.root).forEach(VaultAuth::revoke);
  }

  boolean revoke(String id) {
    Token t = tokens.get(id);
    if (t != null) {
      revoke(t);
    }
    return t != null;
  }

  void expireAllAfter(Duration d) {
    Instant at = Instant.now().plus(d);
    for (Token t : tokens.values()) {
      if (!t.root) {
        synchronized (t) {
          t.expireAt = t.expireAt == null || t.expireAt.isAfter(at) ? at : t.expireAt;
        }
      }
    }
  }

  private static void revoke(Token t) {
    synchronized (t) {
      t.revoked = true;
    }
  }

  // ---- HTTP ------------------------------------------------------------------------------

  Response login(Call call, String mountPath, Method method) {
    if (!call.req.isWrite()) {
      throw VaultHttp.unsupportedOperation();
    }
    Map<String, Object> body = call.req.json();
    Role role;
    Map<String, String> meta = new TreeMap<>();
    switch (method.type()) {
      case "approle" -> {
        String roleId = text(body, "role_id");
        if (roleId.isEmpty()) {
          throw new VaultError(400, "missing role_id");
        }
        role = method.roles().get(roleId);
        if (role == null) {
          throw new VaultError(400, "invalid role or secret ID");
        }
        String secretId = text(body, "secret_id");
        if (secretId.isEmpty()) {
          throw new VaultError(400, "missing secret_id");
        }
        if (!role.secret().equals(secretId)) {
          throw new VaultError(400, "invalid role or secret ID");
        }
        meta.put("role_name", role.name());
      }
      case "kubernetes" -> {
        String name = text(body, "role");
        if (name.isEmpty()) {
          throw new VaultError(400, "missing role");
        }
        String jwt = text(body, "jwt");
        if (jwt.isEmpty()) {
          throw new VaultError(400, "missing jwt");
        }
        role = method.roles().get(name);
        if (role == null) {
          throw new VaultError(400, "invalid role name \"" + name + "\"");
        }
        if (!role.secret().equals(jwt)) {
          throw new VaultError(403, PERMISSION_DENIED);
        }
        meta.putAll(serviceAccountMetadata(jwt));
        meta.put("role", name);
      }
      default -> {
        String jwt = text(body, "jwt");
        if (jwt.isEmpty()) {
          throw new VaultError(400, "missing token");
        }
        String name = text(body, "role");
        if (name.isEmpty()) {
          throw new VaultError(400, "missing role");
        }
        role = method.roles().get(name);
        if (role == null) {
          throw new VaultError(400, "role \"" + name + "\" could not be found");
        }
        if (!role.secret().equals(jwt)) {
          throw new VaultError(400, "error validating token: failed to verify id token signature");
        }
        meta.put("role", name);
      }
    }
    String path = "auth/" + mountPath + "login";
    Token t = issue(call.ns.path(), path, method.type(), role.policies(), meta);
    return authResponse(call, t, method.type());
  }

  Response lookupSelf(Call call) {
    if (!call.req.method().equals("GET")) {
      throw VaultHttp.unsupportedOperation();
    }
    Token t = call.token;
    Instant now = Instant.now();
    Map<String, Object> d = new LinkedHashMap<>();
    synchronized (t) {
      d.put("accessor", t.accessor);
      d.put("creation_time", t.created.getEpochSecond());
      d.put("creation_ttl", t.creationTtl);
      d.put("display_name", t.displayName);
      d.put("entity_id", t.entityId);
      d.put("expire_time", t.expireAt == null ? null : VaultHttp.goTime(t.expireAt));
      d.put("explicit_max_ttl", 0);
      d.put("id", t.id);
      if (!t.root) {
        d.put("issue_time", VaultHttp.goTime(t.created));
      }
      if (t.lastRenewal != null) {
        d.put("last_renewal", VaultHttp.goTime(t.lastRenewal));
        d.put("last_renewal_time", t.lastRenewal.getEpochSecond());
      }
      d.put("meta", t.meta);
      d.put("num_uses", 0);
      d.put("orphan", true);
      d.put("path", t.path);
      d.put("policies", t.policies);
      d.put("renewable", !t.root);
      d.put("ttl", t.ttlSeconds(now));
      d.put("type", "service");
    }
    return VaultHttp.ok(call, d, "token");
  }

  Response renewSelf(Call call) {
    if (!call.req.isWrite()) {
      throw VaultHttp.unsupportedOperation();
    }
    Token t = call.token;
    if (t.root) {
      throw new VaultError(400, "lease not found");
    }
    long increment = VaultHttp.durationSeconds(call.req.json().get("increment"));
    Instant now = Instant.now();
    synchronized (t) {
      long ttl = increment > 0 ? increment : t.creationTtl;
      long untilMax = Duration.between(now, t.created.plus(maxTtl)).toSeconds();
      t.grantedTtl = Math.max(0, Math.min(ttl, untilMax));
      t.expireAt = now.plusSeconds(t.grantedTtl);
      t.lastRenewal = now;
    }
    return authResponse(call, t, "token");
  }

  Response revokeSelf(Call call) {
    if (!call.req.isWrite()) {
      throw VaultHttp.unsupportedOperation();
    }
    revoke(call.token);
    return VaultHttp.noContent();
  }

  private static Response authResponse(Call call, Token t, String mountType) {
    Map<String, Object> auth = new LinkedHashMap<>();
    auth.put("client_token", t.id);
    auth.put("accessor", t.accessor);
    auth.put("policies", t.policies);
    auth.put("token_policies", t.policies);
    auth.put("metadata", t.meta);
    synchronized (t) {
      // Vault reports the TTL just granted (by the login or the renewal), not what is left.
      auth.put("lease_duration", t.grantedTtl);
    }
    auth.put("renewable", true);
    auth.put("entity_id", t.entityId);
    auth.put("token_type", "service");
    auth.put("orphan", true);
    auth.put("mfa_requirement", null);
    auth.put("num_uses", 0);
    Map<String, Object> body = VaultHttp.envelope(call, null, mountType);
    body.put("auth", auth);
    return VaultHttp.json(200, body);
  }

  private static String text(Map<String, Object> body, String field) {
    Object v = body.get(field);
    return v == null ? "" : String.valueOf(v).trim();
  }

  /** Best-effort service account claims from a Kubernetes JWT (no signature check). */
  private static Map<String, String> serviceAccountMetadata(String jwt) {
    Map<String, String> meta = new TreeMap<>();
    meta.put("service_account_name", "");
    meta.put("service_account_namespace", "");
    meta.put("service_account_secret_name", "");
    meta.put("service_account_uid", "");
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) {
      return meta;
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
      Map<String, Object> claims =
          VaultHttp.JSON.readValue(new String(payload, StandardCharsets.UTF_8), VaultHttp.MAP);
      String prefix = "kubernetes.io/serviceaccount/";
      meta.put("service_account_name", str(claims.get(prefix + "service-account.name")));
      meta.put("service_account_namespace", str(claims.get(prefix + "namespace")));
      meta.put("service_account_secret_name", str(claims.get(prefix + "secret.name")));
      meta.put("service_account_uid", str(claims.get(prefix + "service-account.uid")));
      if (claims.get("kubernetes.io") instanceof Map<?, ?> k8s) {
        meta.put("service_account_namespace", str(k8s.get("namespace")));
        if (k8s.get("serviceaccount") instanceof Map<?, ?> sa) {
          meta.put("service_account_name", str(sa.get("name")));
          meta.put("service_account_uid", str(sa.get("uid")));
        }
      }
    } catch (RuntimeException | java.io.IOException e) {
      // Not a decodable JWT: the emulator matches the raw string, so metadata stays blank.
    }
    return meta;
  }

  private static String str(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  static String randomId(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
