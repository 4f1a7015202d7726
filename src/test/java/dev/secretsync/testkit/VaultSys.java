package dev.secretsync.testkit;

import dev.secretsync.testkit.VaultHttp.Call;
import dev.secretsync.testkit.VaultHttp.Response;
import dev.secretsync.testkit.VaultHttp.VaultError;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The {@code sys/} endpoints the emulator serves: {@code sys/health} (Vault's {@code
 * http/sys_health.go}), {@code sys/mounts} list / read / enable / disable, {@code sys/auth} and
 * {@code sys/internal/ui/mounts[/<path>]} (the KV version preflight of {@code vault kv}).
 */
final class VaultSys {

  static final String VERSION = "1.17.6";
  private static final String CLUSTER_ID = UUID.randomUUID().toString();

  private VaultSys() {}

  /** {@code GET|HEAD sys/health}; unauthenticated, answers even when sealed. */
  static Response health(Call call, boolean initialized, boolean sealed, boolean standby) {
    String method = call.req.method();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw new VaultError(405);
    }
    Map<String, String> q = call.req.query();
    boolean standbyOk = boolParam(q, "standbyok");
    boolParam(q, "perfstandbyok");
    int uninitCode = code(q, "uninitcode", 501);
    int sealedCode = code(q, "sealedcode", 503);
    int standbyCode = code(q, "standbycode", 429);
    int activeCode = code(q, "activecode", 200);
    code(q, "drsecondarycode", 472);
    code(q, "performancestandbycode", 473);
    boolean sealedNow = sealed || !initialized;
    // A sealed node reports itself as standby, as Vault's core does.
    boolean standbyNow = standby || sealedNow;
    int status = activeCode;
    if (!initialized) {
      status = uninitCode;
    } else if (sealedNow) {
      status = sealedCode;
    } else if (standbyNow && !standbyOk) {
      status = standbyCode;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("initialized", initialized);
    body.put("sealed", sealedNow);
    body.put("standby", standbyNow);
    body.put("performance_standby", false);
    body.put("replication_performance_mode", "disabled");
    body.put("replication_dr_mode", "disabled");
    body.put("server_time_utc", Instant.now().getEpochSecond());
    body.put("version", VERSION);
    if (!sealedNow) {
      body.put("cluster_name", "vault-cluster-emulator");
      body.put("cluster_id", CLUSTER_ID);
    }
    if (method.equals("HEAD")) {
      return new Response(status, null);
    }
    return VaultHttp.json(status, body);
  }

  /** {@code sys/mounts} and {@code sys/mounts/<path>}. */
  static Response mounts(Call call, String mount) {
    VaultNamespace ns = call.ns;
    String method = call.req.method();
    if (mount.isEmpty()) {
      if (!method.equals("GET")) {
        throw VaultHttp.unsupportedOperation();
      }
      Map<String, Object> data = new TreeMap<>(systemMounts());
      ns.kvMounts().forEach((path, engine) -> data.put(path, mountInfo(engine)));
      // Vault's HTTPSysInjector repeats sys/ data at the top level for old clients.
      Map<String, Object> body = new LinkedHashMap<>(data);
      body.putAll(VaultHttp.envelope(call, data, "system"));
      return VaultHttp.json(200, body);
    }
    String path = VaultNamespace.mountPath(mount);
    switch (method) {
      case "GET" -> {
        VaultKvEngine engine = ns.kvMounts().get(path);
        if (engine == null) {
          throw new VaultError(400, "No secret engine mount at " + path);
        }
        return VaultHttp.ok(call, mountInfo(engine), "system");
      }
      case "POST", "PUT" -> {
        enable(ns, path, call.req.json());
        return VaultHttp.noContent();
      }
      case "DELETE" -> {
        if (!ns.removeMount(path)) {
          throw new VaultError(400, "no matching mount");
        }
        return VaultHttp.noContent();
      }
      default -> throw VaultHttp.unsupportedOperation();
    }
  }

  /** {@code GET sys/auth}: the token store plus the configured login methods. */
  static Response auth(Call call) {
    if (!call.req.method().equals("GET")) {
      throw VaultHttp.unsupportedOperation();
    }
    Map<String, Object> data = new TreeMap<>();
    data.put("token/", basicInfo("token", "token based credentials", null, "auth_token_"));
    call.ns
        .authMounts()
        .forEach((path, m) -> data.put(path, basicInfo(m.type(), "", null, "auth_" + m.type())));
    Map<String, Object> body = new LinkedHashMap<>(data);
    body.putAll(VaultHttp.envelope(call, data, "system"));
    return VaultHttp.json(200, body);
  }

  /** {@code GET sys/internal/ui/mounts/<path>}: the mount serving {@code path}. */
  static Response uiMount(Call call, String path, boolean authenticated) {
    if (!call.req.method().equals("GET")) {
      throw VaultHttp.unsupportedOperation();
    }
    Map<String, Object> data = new TreeMap<>();
    if (path.isEmpty()) {
      Map<String, Object> secret = new TreeMap<>();
      call.ns.kvMounts().forEach((p, e) -> secret.put(p, mountInfo(e)));
      Map<String, Object> auth = new TreeMap<>();
      call.ns.authMounts().forEach((p, m) -> auth.put(p, basicInfo(m.type(), "", null, "auth")));
      data.put("auth", authenticated ? auth : Map.of());
      data.put("secret", authenticated ? secret : Map.of());
      return VaultHttp.ok(call, data, "system");
    }
    String sanitized = path.endsWith("/") ? path : path + "/";
    VaultKvEngine engine = call.ns.findMount(sanitized);
    if (engine == null || !authenticated) {
      throw new VaultError(
          403,
          "preflight capability check returned 403, please ensure client's policies grant access"
              + " to path \""
              + sanitized
              + "\"");
    }
    data.putAll(mountInfo(engine));
    data.put("path", engine.path);
    return VaultHttp.ok(call, data, "system");
  }

  private static void enable(VaultNamespace ns, String path, Map<String, Object> body) {
    Object typeRaw = body.get("type");
    String type = typeRaw == null ? "" : typeRaw.toString();
    Map<String, String> options = new TreeMap<>();
    if (body.get("options") instanceof Map<?, ?> raw) {
      raw.forEach((k, v) -> options.put(String.valueOf(k), String.valueOf(v)));
    }
    if (type.isEmpty()) {
      throw new VaultError(400, "backend type must be specified as a string");
    }
    if (type.equals("kv-v2")) {
      type = "kv";
      options.put("version", "2");
    }
    if (!type.equals("kv")) {
      throw new VaultError(400, "plugin not found in the catalog: " + type);
    }
    String v = options.getOrDefault("version", "1");
    if (!v.equals("1") && !v.equals("2")) {
      throw new VaultError(400, "invalid value for \"version\": " + v);
    }
    Object description = body.get("description");
    try {
      ns.addMount(
          new VaultKvEngine(
              path,
              Integer.parseInt(v),
              options.isEmpty() ? null : options,
              description == null ? "" : description.toString()));
    } catch (IllegalArgumentException e) {
      throw new VaultError(400, e.getMessage());
    }
  }

  static Map<String, Object> mountInfo(VaultKvEngine e) {
    Map<String, Object> info = basicInfo("kv", e.description, e.options, e.accessor);
    info.put("uuid", e.uuid);
    info.put("running_plugin_version", "v0.20.0+builtin");
    return info;
  }

  private static Map<String, Object> basicInfo(
      String type, String description, Map<String, String> options, String accessor) {
    Map<String, Object> config = new TreeMap<>();
    config.put("default_lease_ttl", 0);
    config.put("force_no_cache", false);
    config.put("max_lease_ttl", 0);
    Map<String, Object> info = new TreeMap<>();
    info.put("accessor", accessor);
    info.put("config", config);
    info.put("description", description);
    info.put("external_entropy_access", false);
    info.put("local", false);
    info.put("options", options);
    info.put("plugin_version", "");
    info.put("running_plugin_version", "");
    info.put("running_sha256", "");
    info.put("seal_wrap", false);
    info.put("type", type);
    info.put("uuid", UUID.nameUUIDFromBytes(accessor.getBytes()).toString());
    return info;
  }

  private static Map<String, Object> systemMounts() {
    Map<String, Object> m = new TreeMap<>();
    m.put("cubbyhole/", basicInfo("cubbyhole", "per-token private secret storage", null, "cubby"));
    m.put("identity/", basicInfo("identity", "identity store", null, "identity"));
    m.put("sys/", basicInfo("system", "system endpoints used for control", null, "system"));
    return m;
  }

  private static boolean boolParam(Map<String, String> q, String name) {
    if (!q.containsKey(name)) {
      return false;
    }
    Boolean b = VaultHttp.parseGoBool(q.get(name));
    if (b == null) {
      throw new VaultError(400);
    }
    return b;
  }

  private static int code(Map<String, String> q, String name, int fallback) {
    String raw = q.get(name);
    if (raw == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new VaultError(400);
    }
  }
}
