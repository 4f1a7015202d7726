package dev.secretsync.provider.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretsync.spi.ProviderException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One KV mount, version 1 or 2: its API paths, LIST and read. The version is detected through
 * {@code sys/internal/ui/mounts/<mount>} (the preflight {@code vault kv} uses) unless configured.
 * The same call finds the real mount when the configured "mount" reaches below it ({@code
 * secret/team-a} on the mount {@code secret}): the rest becomes a prefix of every path.
 */
final class VaultKv {

  private final VaultSession session;
  private final String mount;
  private final String base;
  private final int version;

  VaultKv(VaultSession session, String mount, String base, int version) {
    this.session = session;
    this.mount = mount;
    this.base = base;
    this.version = version;
  }

  /**
   * Opens {@code mount}, detecting its KV version unless {@code kvVersion} is {@code 1} or {@code
   * 2}.
   *
   * @throws ProviderException when the mount does not exist, is not KV, or cannot be inspected
   */
  static VaultKv open(VaultSession session, String mount, String kvVersion) {
    String m = mount.replaceAll("^/+|/+$", "");
    if ("1".equals(kvVersion) || "2".equals(kvVersion)) {
      return new VaultKv(session, m, "", Integer.parseInt(kvVersion));
    }
    return session.mount(m, configured -> inspect(session, configured));
  }

  /** One {@code sys/internal/ui/mounts} call: the mount's engine, version and real path. */
  private static VaultKv inspect(VaultSession session, String m) {
    VaultResponse r = session.send(VaultCall.get("vault.mounts", "sys/internal/ui/mounts/" + m));
    if (r.status() == 403 || r.status() == 404) {
      throw new ProviderException(
          "vault",
          "mounts",
          false,
          "mount \""
              + m
              + "\" does not exist at "
              + session.address()
              + where(session)
              + " or this token may not use it: "
              + r.describeError()
              + "; check the mount name and namespace, and that the token's policy may read"
              + " sys/internal/ui/mounts/"
              + m
              + " (or set kv_version on the source)");
    }
    if (!r.ok() || r.body() == null) {
      throw VaultHttp.failure(r);
    }
    JsonNode data = r.body().path("data");
    String type = data.path("type").asText("");
    if (!type.equals("kv") && !type.equals("generic")) {
      throw new ProviderException(
          "vault",
          "mounts",
          false,
          "mount \"" + m + "\" is a \"" + type + "\" engine, not KV (version 1 or 2)");
    }
    int version = "2".equals(data.path("options").path("version").asText("1")) ? 2 : 1;
    String real = mountOf(m, data.path("path").asText(""));
    String base = m.equals(real) ? "" : m.substring(real.length() + 1) + "/";
    return new VaultKv(session, real, base, version);
  }

  /**
   * The engine's mount within {@code configured}, from the preflight's {@code path}. Some Vault
   * versions prefix a child namespace's path ({@code team-a/secret/}); the namespace is already in
   * the request header, so only the part that {@code configured} starts with is kept.
   */
  static String mountOf(String configured, String reported) {
    String[] segments = reported.replaceAll("^/+|/+$", "").split("/");
    for (int i = 0; i < segments.length; i++) {
      String candidate = String.join("/", Arrays.copyOfRange(segments, i, segments.length));
      if (!candidate.isEmpty()
          && (configured.equals(candidate) || configured.startsWith(candidate + "/"))) {
        return candidate;
      }
    }
    return configured;
  }

  private static String where(VaultSession session) {
    return session.namespace().isEmpty() ? "" : " (namespace \"" + session.namespace() + "\")";
  }

  int version() {
    return version;
  }

  /** The configured mount as named in messages, e.g. {@code secret/team-a}. */
  String name() {
    return base.isEmpty() ? mount : mount + "/" + base.substring(0, base.length() - 1);
  }

  /** The Vault path of a key or folder relative to {@link #name()}, for messages. */
  String display(String relative) {
    return name() + "/" + relative;
  }

  /** The session. */
  VaultSession session() {
    return session;
  }

  /** The answer to one LIST: keys (folders end in "/"), or the refusal. */
  record Listing(List<String> keys, VaultResponse refused) {
    boolean notFound() {
      return refused != null && refused.status() == 404;
    }

    boolean denied() {
      return refused != null && refused.status() == 403;
    }
  }

  /**
   * Lists the folder {@code folder} ({@code ""} or ending in {@code /}).
   *
   * @return keys, or a 403/404 answer for the caller to judge
   * @throws ProviderException for any other failure
   */
  Listing list(String folder) {
    String path = version == 2 ? mount + "/metadata/" + base + folder : mount + "/" + base + folder;
    VaultResponse r = session.send(VaultCall.list(path));
    if (r.status() == 403 || r.status() == 404) {
      return new Listing(List.of(), r);
    }
    if (!r.ok() || r.body() == null) {
      throw VaultHttp.failure(r);
    }
    List<String> keys = new ArrayList<>();
    for (JsonNode k : r.body().path("data").path("keys")) {
      keys.add(k.asText());
    }
    return new Listing(keys, null);
  }

  /** What reading one secret gave. */
  sealed interface Read {}

  /**
   * The secret's data.
   *
   * @param data the JSON object (secret material)
   * @param version its KV v2 version (0 for KV v1)
   */
  record Found(Map<String, Object> data, int version) implements Read {
    @Override
    public String toString() {
      return "Found[***]";
    }
  }

  /**
   * Not readable, with the reason to report as a warning (no values).
   *
   * @param reason why
   * @param denied whether Vault answered 403 (else 404: missing, deleted or destroyed)
   * @param version the latest KV v2 version when Vault reported one (deleted/destroyed), else 0
   */
  record Skipped(String reason, boolean denied, int version) implements Read {
    Skipped(String reason) {
      this(reason, false, 0);
    }
  }

  /**
   * Reads the latest version of {@code key} with one GET.
   *
   * @return the data, or why it is skipped (deleted, destroyed, gone, denied)
   * @throws ProviderException for any other failure
   */
  Read read(String key) {
    return read(key, 0);
  }

  /**
   * Reads version {@code at} of {@code key} ({@code ?version=N}, KV v2), or the latest when {@code
   * at} is 0, with one GET.
   *
   * @return the data, or why it is skipped (deleted, destroyed, gone, denied)
   * @throws ProviderException for any other failure
   */
  Read read(String key, int at) {
    String path = version == 2 ? mount + "/data/" + base + key : mount + "/" + base + key;
    VaultResponse r =
        session.send(
            version == 2 && at > 0
                ? VaultCall.get("vault.read", path, "version=" + at)
                : VaultCall.get("vault.read", path));
    if (r.status() == 404) {
      JsonNode meta = r.body() == null ? null : r.body().path("data").path("metadata");
      int latest = meta == null ? 0 : meta.path("version").asInt(0);
      // With ?version=N the metadata is that version's, not the latest's.
      String which = at > 0 ? "version " + latest : "its latest version (" + latest + ")";
      if (meta != null && meta.path("destroyed").asBoolean(false)) {
        return new Skipped(which + " is destroyed", false, latest);
      }
      if (meta != null && !meta.path("deletion_time").asText("").isEmpty()) {
        return new Skipped(
            which + " is deleted (since " + meta.path("deletion_time").asText() + ")",
            false,
            latest);
      }
      return new Skipped(
          at > 0
              ? "version " + at + " does not exist"
              : "not found (deleted since it was listed?)");
    }
    if (r.status() == 403) {
      return new Skipped(r.describeError(), true, 0);
    }
    if (!r.ok() || r.body() == null) {
      throw VaultHttp.failure(r);
    }
    JsonNode data = r.body().path("data");
    int number = version == 2 ? data.path("metadata").path("version").asInt(0) : 0;
    if (version == 2) {
      data = data.path("data");
    }
    if (!data.isObject()) {
      // KV v2 answers data: null for a deleted version; never read that as an empty secret.
      return new Skipped("Vault returned no data for it");
    }
    return new Found(VaultJson.object(data), number);
  }

  /**
   * Writes a new KV v2 version of {@code key} with one POST.
   *
   * @param cas check-and-set: the version the caller expects to replace (0 = must not exist), or
   *     null for none
   * @return the new version (at least 1), or -1 when {@code cas} did not match the current version
   * @throws ProviderException for any other failure, a mount or key with {@code cas_required}
   *     written without {@code cas} included, and an answer without the new version
   */
  int write(String key, Map<String, ?> data, Integer cas) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (cas != null) {
      body.put("options", Map.of("cas", cas));
    }
    body.put("data", data);
    VaultResponse r =
        session.send(VaultCall.post("vault.write", mount + "/data/" + base + key, body));
    if (cas != null && r.status() == 400 && r.errorText().contains("did not match")) {
      return -1;
    }
    if (!r.ok()) {
      throw VaultHttp.failure(r);
    }
    int written = r.body() == null ? 0 : r.body().path("data").path("version").asInt(0);
    if (written < 1) {
      throw new ProviderException(
          "vault",
          "vault.write",
          false,
          "Vault accepted the write of " + display(key) + " but did not say which version it made");
    }
    return written;
  }

  /**
   * The current KV v2 version of {@code key} from its metadata (one GET), 0 when it has none (never
   * written, or deleted with all its versions): the {@code cas} its next write must name.
   */
  int currentVersion(String key) {
    VaultResponse r =
        session.send(VaultCall.get("vault.metadata", mount + "/metadata/" + base + key));
    if (r.status() == 404) {
      return 0;
    }
    if (!r.ok() || r.body() == null) {
      throw VaultHttp.failure(r);
    }
    return r.body().path("data").path("current_version").asInt(0);
  }

  /**
   * The KV v2 versions of {@code key} whose data is still readable (neither deleted nor destroyed),
   * with their creation times, from its metadata (one GET); empty when it has none.
   */
  SortedMap<Integer, Instant> liveVersions(String key) {
    VaultResponse r =
        session.send(VaultCall.get("vault.metadata", mount + "/metadata/" + base + key));
    SortedMap<Integer, Instant> out = new TreeMap<>();
    if (r.status() == 404) {
      return out;
    }
    if (!r.ok() || r.body() == null) {
      throw VaultHttp.failure(r);
    }
    r.body()
        .path("data")
        .path("versions")
        .fields()
        .forEachRemaining(
            v -> {
              JsonNode meta = v.getValue();
              if (!meta.path("destroyed").asBoolean(false)
                  && meta.path("deletion_time").asText("").isEmpty()) {
                out.put(
                    Integer.parseInt(v.getKey()), created(meta.path("created_time").asText("")));
              }
            });
    return out;
  }

  private static Instant created(String time) {
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  /**
   * Sets the number of versions Vault keeps of {@code key} (one POST to its metadata); Vault drops
   * the oldest beyond it on the next write.
   */
  void maxVersions(String key, int versions) {
    VaultResponse r =
        session.send(
            VaultCall.post(
                "vault.metadata",
                mount + "/metadata/" + base + key,
                Map.of("max_versions", versions)));
    if (!r.ok()) {
      throw VaultHttp.failure(r);
    }
  }

  /**
   * The {@code custom_metadata} of {@code key} from its KV v2 metadata (one GET); empty when it has
   * none or no metadata at all (deleted since it was listed).
   *
   * @throws ProviderException when the call fails (403 included: the policy needs {@code read} on
   *     {@code <mount>/metadata/*})
   */
  Map<String, String> customMetadata(String key) {
    String path = mount + "/metadata/" + base + key;
    VaultResponse r = session.send(VaultCall.get("vault.metadata", path));
    if (r.status() == 404) {
      return Map.of();
    }
    if (r.status() == 403) {
      throw new ProviderException(
          "vault",
          "vault.metadata",
          false,
          r.describeError()
              + "; match_metadata needs the token's policy to allow read on "
              + mount
              + "/metadata/"
              + base
              + "*");
    }
    if (!r.ok() || r.body() == null) {
      throw VaultHttp.failure(r);
    }
    Map<String, String> out = new LinkedHashMap<>();
    r.body()
        .path("data")
        .path("custom_metadata")
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** Deletes {@code key} with all its KV v2 versions and metadata (one DELETE). */
  void deleteAll(String key) {
    VaultResponse r =
        session.send(VaultCall.delete("vault.delete", mount + "/metadata/" + base + key));
    if (!r.ok() && r.status() != 404) {
      throw VaultHttp.failure(r);
    }
  }
}
