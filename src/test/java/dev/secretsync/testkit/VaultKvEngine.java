package dev.secretsync.testkit;

import dev.secretsync.testkit.VaultHttp.Call;
import dev.secretsync.testkit.VaultHttp.Response;
import dev.secretsync.testkit.VaultHttp.VaultError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One KV secrets engine mount, version 1 (plain key/value) or 2 (versioned), with its storage and
 * its HTTP handlers. KV v2 behaviour follows hashicorp/vault-plugin-secrets-kv ({@code
 * path_data.go}, {@code path_metadata.go}, {@code path_delete.go}, {@code path_destroy.go}); KV v1
 * follows Vault's passthrough backend. One lock per mount keeps it simple and thread-safe.
 */
final class VaultKvEngine {

  /** Default lease TTL a KV v1 read reports (Vault's system default, 768h). */
  static final long V1_LEASE_SECONDS = 2_764_800L;

  private static final int DEFAULT_MAX_VERSIONS = 10;

  final String path;
  final int version;
  final Map<String, String> options;
  final String accessor = "kv_" + UUID.randomUUID().toString().substring(0, 8);
  final String uuid = UUID.randomUUID().toString();
  final String description;

  private final TreeMap<String, Map<String, Object>> v1 = new TreeMap<>();
  private final TreeMap<String, VaultKvMetadata> v2 = new TreeMap<>();
  private int configMaxVersions;
  private boolean configCasRequired;

  VaultKvEngine(String path, int version, Map<String, String> options, String description) {
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException("KV version must be 1 or 2: " + version);
    }
    this.path = path;
    this.version = version;
    this.options = options;
    this.description = description == null ? "" : description;
  }

  // ---- Java API used by seeding and assertions -------------------------------------------

  synchronized int put(String key, Map<String, ?> data) {
    Map<String, Object> copy = VaultHttp.copyMap(data);
    if (version == 1) {
      v1.put(key, copy);
      return 1;
    }
    VaultKvMetadata meta = v2.computeIfAbsent(key, k -> new VaultKvMetadata());
    return meta.addVersion(copy, Instant.now(), configMaxVersions, DEFAULT_MAX_VERSIONS);
  }

  synchronized Optional<Map<String, Object>> read(String key, int wanted) {
    if (version == 1) {
      return Optional.ofNullable(v1.get(key)).map(VaultHttp::copyMap);
    }
    VaultKvMetadata meta = v2.get(key);
    VaultKvMetadata.Version v = meta == null ? null : meta.version(wanted);
    if (v == null || !v.live(Instant.now())) {
      return Optional.empty();
    }
    return Optional.of(VaultHttp.copyMap(v.data));
  }

  synchronized boolean softDeleteLatest(String key) {
    if (version == 1) {
      return v1.remove(key) != null;
    }
    VaultKvMetadata meta = v2.get(key);
    return meta != null && meta.softDelete(meta.currentVersion, Instant.now());
  }

  synchronized boolean destroyLatest(String key) {
    if (version == 1) {
      return v1.remove(key) != null;
    }
    VaultKvMetadata meta = v2.get(key);
    return meta != null && meta.destroy(meta.currentVersion);
  }

  synchronized void customMetadata(String key, Map<String, String> custom) {
    if (version == 1) {
      throw new IllegalStateException("custom_metadata needs a KV v2 mount: " + path);
    }
    v2.computeIfAbsent(key, k -> new VaultKvMetadata()).custom = new TreeMap<>(custom);
  }

  /** Every key that exists (KV v2: every key with metadata, even if its versions are deleted). */
  synchronized List<String> keys() {
    return new ArrayList<>(version == 1 ? v1.keySet() : v2.keySet());
  }

  // ---- HTTP ------------------------------------------------------------------------------

  /** Names the operation for the call counters. */
  static String classify(int version, String method, boolean list, String sub) {
    if (version == 1) {
      return list
          ? "kv.list"
          : switch (method) {
            case "GET" -> "kv.read";
            case "DELETE" -> "kv.delete";
            default -> "kv.write";
          };
    }
    String first = sub.contains("/") ? sub.substring(0, sub.indexOf('/')) : sub;
    return switch (first) {
      case "data" ->
          list
              ? "kv.list"
              : method.equals("GET")
                  ? "kv.read"
                  : method.equals("DELETE") ? "kv.delete" : "kv.write";
      case "metadata" -> list ? "kv.list" : method.equals("DELETE") ? "kv.delete" : "kv.metadata";
      case "delete", "destroy" -> "kv.delete";
      case "undelete" -> "kv.undelete";
      case "config" -> "kv.config";
      default -> "kv.other";
    };
  }

  /** Serves a request whose path below the mount is {@code sub}. */
  Response handle(Call call, String sub) {
    boolean list = call.req.isList();
    synchronized (this) {
      return version == 1 ? handleV1(call, sub, list) : handleV2(call, sub, list);
    }
  }

  private Response handleV1(Call call, String key, boolean list) {
    String method = call.req.method();
    if (list) {
      return listResponse(call, v1.navigableKeySet(), key);
    }
    switch (method) {
      case "GET" -> {
        Map<String, Object> data = v1.get(key);
        if (data == null) {
          throw new VaultError(404);
        }
        Map<String, Object> body = VaultHttp.envelope(call, VaultHttp.copyMap(data), "kv");
        Object ttl = data.getOrDefault("ttl", data.get("lease"));
        body.put("lease_duration", ttl == null ? V1_LEASE_SECONDS : VaultHttp.durationSeconds(ttl));
        return VaultHttp.json(200, body);
      }
      case "POST", "PUT" -> {
        Map<String, Object> data = call.req.json();
        if (data.isEmpty()) {
          throw new VaultError(400, "missing data fields");
        }
        v1.put(key, VaultHttp.copyMap(data));
        return VaultHttp.noContent();
      }
      case "DELETE" -> {
        v1.remove(key);
        return VaultHttp.noContent();
      }
      default -> throw VaultHttp.unsupportedOperation();
    }
  }

  private Response handleV2(Call call, String sub, boolean list) {
    String method = call.req.method();
    int slash = sub.indexOf('/');
    String first = slash < 0 ? sub : sub.substring(0, slash);
    String key = slash < 0 ? "" : sub.substring(slash + 1);
    boolean validKey = !key.isEmpty() && !key.endsWith("/");
    if (first.equals("metadata") && list) {
      return listResponse(call, v2.navigableKeySet(), key);
    }
    if (first.equals("config") && key.isEmpty() && !list) {
      return config(call);
    }
    if (first.equals("metadata") && (method.equals("GET") || call.req.isWrite())) {
      return method.equals("GET") ? readMetadata(call, key) : writeMetadata(call, key);
    }
    if (first.equals("metadata") && method.equals("PATCH") && validKey) {
      return VaultKvCustomMetadata.patchRequest(call, v2.get(key));
    }
    if (first.equals("metadata") && method.equals("DELETE")) {
      v2.remove(key);
      return VaultHttp.noContent();
    }
    boolean versionOp = first.equals("delete") || first.equals("undelete");
    if ((versionOp || first.equals("destroy")) && !key.isEmpty() && !list) {
      if (!call.req.isWrite()) {
        throw VaultHttp.unsupportedOperation();
      }
      return versionsOperation(call, first, key);
    }
    if (first.equals("data") && validKey) {
      if (list) {
        throw VaultHttp.unsupportedOperation();
      }
      return switch (method) {
        case "GET" -> readData(call, key);
        case "POST", "PUT" -> writeData(call, key);
        case "DELETE" -> {
          VaultKvMetadata meta = v2.get(key);
          if (meta != null) {
            meta.softDelete(meta.currentVersion, Instant.now());
          }
          yield VaultHttp.noContent();
        }
        default -> throw VaultHttp.unsupportedOperation();
      };
    }
    return invalidV2Path(call, list ? "list" : method);
  }

  private Response readData(Call call, String key) {
    VaultKvMetadata meta = v2.get(key);
    int wanted = 0;
    String param = call.req.query().get("version");
    if (param != null && !param.isEmpty()) {
      try {
        wanted = Integer.parseInt(param);
      } catch (NumberFormatException e) {
        throw new VaultError(400, "error converting input " + param + " for field \"version\"");
      }
    }
    VaultKvMetadata.Version v = meta == null ? null : meta.version(wanted);
    if (v == null) {
      throw new VaultError(404);
    }
    int number = wanted > 0 ? wanted : meta.currentVersion;
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("data", null);
    data.put("metadata", meta.versionMetadata(number, v));
    if (!v.live(Instant.now())) {
      // Vault's RespondWithStatusCode: the full envelope, status 404, no mount_type.
      return VaultHttp.json(404, VaultHttp.envelope(call, data, ""));
    }
    data.put("data", VaultHttp.copyMap(v.data));
    return VaultHttp.ok(call, data, "kv");
  }

  @SuppressWarnings("unchecked")
  private Response writeData(Call call, String key) {
    Map<String, Object> body = call.req.json();
    if (!(body.get("data") instanceof Map<?, ?> data)) {
      throw new VaultError(400, "no data provided");
    }
    VaultKvMetadata meta = v2.get(key);
    VaultKvMetadata probe = meta == null ? new VaultKvMetadata() : meta;
    Object options = body.get("options");
    Object cas = options instanceof Map<?, ?> o ? ((Map<String, Object>) o).get("cas") : null;
    if (cas != null) {
      long expected;
      try {
        expected = Long.parseLong(String.valueOf(cas).replaceAll("\\.0+$", ""));
      } catch (NumberFormatException e) {
        throw new VaultError(400, "error parsing check-and-set parameter");
      }
      if (expected != probe.currentVersion) {
        throw new VaultError(400, "check-and-set parameter did not match the current version");
      }
    } else if (configCasRequired || probe.casRequired) {
      throw new VaultError(400, "check-and-set parameter required for this call");
    }
    v2.putIfAbsent(key, probe);
    int number =
        probe.addVersion(
            VaultHttp.copyMap((Map<String, ?>) data),
            Instant.now(),
            configMaxVersions,
            DEFAULT_MAX_VERSIONS);
    Map<String, Object> result = probe.versionMetadata(number, probe.version(number));
    return VaultHttp.ok(call, result, "kv");
  }

  private Response versionsOperation(Call call, String op, String key) {
    List<Integer> versions = VaultKvMetadata.parseVersions(call.req.json().get("versions"));
    if (versions.isEmpty()) {
      throw new VaultError(
          400, op.equals("destroy") ? "no version number provided" : "No version number provided");
    }
    VaultKvMetadata meta = v2.get(key);
    if (meta != null) {
      Instant now = Instant.now();
      for (int n : versions) {
        switch (op) {
          case "delete" -> meta.softDelete(n, now);
          case "undelete" -> meta.undelete(n);
          default -> meta.destroy(n);
        }
      }
    }
    return VaultHttp.noContent();
  }

  private Response readMetadata(Call call, String key) {
    VaultKvMetadata meta = v2.get(key);
    if (meta == null) {
      throw new VaultError(404);
    }
    return VaultHttp.ok(call, meta.toJson(), "kv");
  }

  private Response writeMetadata(Call call, String key) {
    if (key.isEmpty()) {
      throw new VaultError(400, "missing path");
    }
    Map<String, Object> body = call.req.json();
    boolean any =
        body.containsKey("max_versions")
            || body.containsKey("cas_required")
            || body.containsKey("delete_version_after")
            || body.containsKey("custom_metadata");
    if (!any) {
      return VaultHttp.noContent();
    }
    VaultKvMetadata meta = v2.get(key);
    VaultKvMetadata updated = meta == null ? new VaultKvMetadata(Instant.now()) : meta;
    updated.update(body);
    v2.putIfAbsent(key, updated);
    return VaultHttp.noContent();
  }

  private Response config(Call call) {
    if (call.req.isWrite()) {
      Map<String, Object> body = call.req.json();
      if (body.get("max_versions") instanceof Number n) {
        configMaxVersions = n.intValue();
      }
      if (body.get("cas_required") instanceof Boolean b) {
        configCasRequired = b;
      }
      return VaultHttp.noContent();
    }
    if (!call.req.method().equals("GET")) {
      throw VaultHttp.unsupportedOperation();
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("cas_required", configCasRequired);
    data.put("delete_version_after", "0s");
    data.put("max_versions", configMaxVersions);
    return VaultHttp.ok(call, data, "kv");
  }

  /** KV v2's catch-all: 404 with a warning and no errors (vault-plugin-secrets-kv pathInvalid). */
  private static Response invalidV2Path(Call call, String operation) {
    String verb =
        switch (operation) {
          case "GET" -> "get";
          case "list" -> "list";
          case "DELETE" -> "delete";
          case "PATCH" -> "patch";
          default -> "put";
        };
    Map<String, Object> body = VaultHttp.envelope(call, null, "");
    body.put(
        "warnings",
        List.of(
            "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate"
                + " API endpoints to use. If using the Vault CLI, use 'vault kv "
                + verb
                + "' for this operation."));
    return VaultHttp.json(404, body);
  }

  /** Direct children of {@code folder} among {@code keys}; sub-folders end in "/". */
  private static Response listResponse(Call call, NavigableSet<String> keys, String folder) {
    String prefix = folder.isEmpty() || folder.endsWith("/") ? folder : folder + "/";
    TreeSet<String> children = new TreeSet<>();
    // Only the keys under the prefix, which sort together: scanning the whole mount per LIST made
    // listing 1,000 folders of a 100,000-secret mount quadratic.
    for (String k : keys.tailSet(prefix, true)) {
      if (!k.startsWith(prefix)) {
        break;
      }
      if (k.length() > prefix.length()) {
        String rest = k.substring(prefix.length());
        int slash = rest.indexOf('/');
        children.add(slash < 0 ? rest : rest.substring(0, slash + 1));
      }
    }
    if (children.isEmpty()) {
      throw new VaultError(404);
    }
    return VaultHttp.ok(call, Map.of("keys", new ArrayList<>(children)), "kv");
  }
}
