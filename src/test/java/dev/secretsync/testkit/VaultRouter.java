package dev.secretsync.testkit;

import dev.secretsync.testkit.VaultHttp.Call;
import dev.secretsync.testkit.VaultHttp.Response;
import dev.secretsync.testkit.VaultHttp.VaultError;
import java.util.Map;

/**
 * Routes one request of the Vault emulator: namespace resolution, operation naming for the
 * counters, the seal check, authentication and the "policy" check, then the handler. The order
 * follows Vault: {@code sys/health} and logins need no token; a sealed Vault answers 503 to
 * everything but health; a missing token is "permission denied"; an unknown, expired or revoked
 * token is "permission denied" + "invalid token" (only "permission denied" in the pre-1.17 mode).
 */
final class VaultRouter {

  private static final String UI_MOUNTS = "sys/internal/ui/mounts";

  private final VaultEmulator emulator;

  VaultRouter(VaultEmulator emulator) {
    this.emulator = emulator;
  }

  /**
   * Sets the call's namespace (null when the header names an unknown one) and its path relative to
   * that namespace. The header and a path prefix combine, as in Vault Enterprise.
   */
  void resolve(Call call) {
    Map<String, VaultNamespace> namespaces = emulator.namespaces();
    String header = call.req.header("X-Vault-Namespace");
    String base = header == null ? "" : VaultNamespace.trimSlashes(header);
    base = base.isEmpty() ? "" : base + "/";
    String full = base + call.req.path();
    call.rel = full;
    if (!namespaces.containsKey(base)) {
      return;
    }
    String best = base;
    for (String candidate : namespaces.keySet()) {
      if (candidate.length() > best.length()
          && candidate.startsWith(base)
          && full.startsWith(candidate)) {
        best = candidate;
      }
    }
    call.ns = namespaces.get(best);
    call.rel = full.substring(best.length());
  }

  /** The counter name of the call's operation (see {@link VaultEmulator#count(String)}). */
  String classify(Call call) {
    if (call.ns == null) {
      return "other";
    }
    String rel = call.rel;
    if (rel.equals("sys/health")) {
      return "sys.health";
    }
    if (rel.equals("sys/mounts") || rel.startsWith("sys/mounts/") || rel.startsWith(UI_MOUNTS)) {
      return "sys.mounts";
    }
    if (rel.equals("sys/auth") || rel.startsWith("sys/auth/")) {
      return "sys.auth";
    }
    if (rel.startsWith("sys/")) {
      return "sys.other";
    }
    switch (rel) {
      case "auth/token/lookup-self":
        return "token.lookup";
      case "auth/token/renew-self":
        return "token.renew";
      case "auth/token/revoke-self":
        return "token.revoke";
      default:
        break;
    }
    if (rel.startsWith("auth/")) {
      return rel.endsWith("/login") ? "auth.login" : "auth.other";
    }
    VaultKvEngine engine = call.ns.findMount(rel);
    if (engine == null) {
      return "other";
    }
    boolean list;
    try {
      list = call.req.isList();
    } catch (VaultError e) {
      list = false;
    }
    return VaultKvEngine.classify(engine.version, call.req.method(), list, sub(engine, rel));
  }

  /** Serves the call; Vault errors come back as exceptions and are rendered by the caller. */
  Response route(Call call) {
    String rel = call.rel;
    if (call.ns == null) {
      throw VaultHttp.noHandler(rel);
    }
    if (rel.equals("sys/health")) {
      return VaultSys.health(
          call, emulator.isInitialized(), emulator.isSealed(), emulator.isStandby());
    }
    if (emulator.isSealed() || !emulator.isInitialized()) {
      throw new VaultError(503, "Vault is sealed");
    }
    if (rel.startsWith("auth/") && rel.endsWith("/login") && !rel.startsWith("auth/token/")) {
      String mount = rel.substring("auth/".length(), rel.length() - "login".length());
      VaultAuth.Method method = call.ns.authMethod(mount);
      if (method == null) {
        throw VaultHttp.noHandler(rel);
      }
      return emulator.auth().login(call, mount, method);
    }
    String token = token(call);
    boolean uiMounts = rel.equals(UI_MOUNTS) || rel.startsWith(UI_MOUNTS + "/");
    String uiPath = rel.length() > UI_MOUNTS.length() ? rel.substring(UI_MOUNTS.length() + 1) : "";
    if (uiMounts && token == null) {
      // An unauthenticated endpoint: without a token it reveals nothing (no unauth listings).
      return VaultSys.uiMount(call, uiPath, false);
    }
    authenticate(call, token);
    if (uiMounts) {
      return VaultSys.uiMount(call, uiPath, true);
    }
    switch (rel) {
      case "auth/token/lookup-self":
        return emulator.auth().lookupSelf(call);
      case "auth/token/renew-self":
        return emulator.auth().renewSelf(call);
      case "auth/token/revoke-self":
        return emulator.auth().revokeSelf(call);
      case "sys/auth":
        return VaultSys.auth(call);
      default:
        break;
    }
    if (rel.equals("sys/mounts") || rel.startsWith("sys/mounts/")) {
      return VaultSys.mounts(call, rel.length() > 11 ? rel.substring(11) : "");
    }
    if (rel.startsWith("sys/")) {
      throw new VaultError(404, "1 error occurred:\n\t* unsupported path\n\n");
    }
    if (rel.startsWith("auth/")) {
      throw VaultHttp.noHandler(rel);
    }
    VaultKvEngine engine = call.ns.findMount(rel);
    if (engine == null) {
      throw VaultHttp.noHandler(rel);
    }
    return engine.handle(call, sub(engine, rel));
  }

  private void authenticate(Call call, String tokenId) {
    if (tokenId == null) {
      throw new VaultError(403, VaultAuth.PERMISSION_DENIED);
    }
    VaultAuth.Token t = emulator.auth().lookup(tokenId);
    if (t == null) {
      throw new VaultError(
          403,
          emulator.preInvalidTokenErrors() ? VaultAuth.PERMISSION_DENIED : VaultAuth.INVALID_TOKEN);
    }
    String fullPath = call.ns.path() + call.rel;
    // A token only works in its own namespace and below it.
    if (!call.ns.path().startsWith(t.namespace) || emulator.isDenied(t.id, fullPath)) {
      throw new VaultError(403, VaultAuth.ACL_DENIED);
    }
    call.token = t;
  }

  /** The client token: {@code X-Vault-Token}, else {@code Authorization: Bearer}; null if none. */
  private static String token(Call call) {
    String t = call.req.header("X-Vault-Token");
    if (t == null || t.isBlank()) {
      String authz = call.req.header("Authorization");
      t = authz != null && authz.startsWith("Bearer ") ? authz.substring(7) : null;
    }
    return t == null || t.isBlank() ? null : t.trim();
  }

  private static String sub(VaultKvEngine engine, String rel) {
    return rel.length() > engine.path.length() ? rel.substring(engine.path.length()) : "";
  }
}
