package dev.secretsync.it;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.testkit.SeedFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Sets up a real Vault or OpenBao through its HTTP API with the root token: KV mounts, secrets, an
 * AppRole with short-lived tokens, child tokens. Only the documented endpoints every supported
 * version has ({@code sys/mounts}, {@code sys/auth}, {@code sys/policies/acl}, {@code
 * auth/approle/role/...}, {@code auth/token/create}, KV v1/v2 data and metadata).
 */
final class VaultAdmin {
  /** What the AppRole and child tokens may do: read and list everything, nothing else. */
  static final String READ_POLICY = "secretsync-it-read";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final String address;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  VaultAdmin(String address, String token) {
    this.address = address;
    this.token = token;
  }

  /**
   * Credentials of an AppRole login.
   *
   * @param roleId the role id
   * @param secretId the secret id (never printed)
   */
  record AppRole(String roleId, String secretId) {}

  /** Mounts a KV engine of {@code version} (1 or 2) at {@code mount}. */
  void mountKv(String mount, int version) {
    call(
        "POST",
        "sys/mounts/" + mount,
        Map.of("type", "kv", "options", Map.of("version", String.valueOf(version))));
  }

  /**
   * Writes a secret. Right after a KV v2 mount is created Vault may still be upgrading it and
   * answer 400 "Waiting for the primary to upgrade…": retried for up to 10 s.
   */
  void put(String mount, int version, String path, Map<String, ?> data) {
    String p = version == 2 ? mount + "/data/" + path : mount + "/" + path;
    Object body = version == 2 ? Map.of("data", data) : data;
    Instant deadline = Instant.now().plusSeconds(10);
    while (true) {
      HttpResponse<String> r = send("POST", p, body);
      if (r.statusCode() / 100 == 2) {
        return;
      }
      // "Upgrading from non-versioned to versioned data…" / "…to upgrade from non-versioned…"
      boolean upgrading = r.body().toLowerCase(Locale.ROOT).contains("upgrad");
      if (Instant.now().isAfter(deadline) || !upgrading) {
        throw new IllegalStateException("Vault POST " + p + ": HTTP " + r.statusCode());
      }
      sleep(Duration.ofMillis(100));
    }
  }

  /** Deletes a secret with all its versions (KV v2: its metadata). */
  void delete(String mount, int version, String path) {
    call("DELETE", version == 2 ? mount + "/metadata/" + path : mount + "/" + path, null);
  }

  /**
   * Mounts every source of the seed fixture as {@code <source>-<suffix>} (KV v2, except {@code
   * shared}, which becomes KV v1 when {@code sharedAsV1}) and writes its secrets.
   */
  void seed(String suffix, boolean sharedAsV1) {
    for (var source : SeedFixture.sources().entrySet()) {
      int version = sharedAsV1 && source.getKey().equals("shared") ? 1 : 2;
      String mount = source.getKey() + "-" + suffix;
      mountKv(mount, version);
      source.getValue().forEach((key, data) -> put(mount, version, key, data));
    }
  }

  /**
   * Enables AppRole at {@code approle-<suffix>} with a role whose tokens live {@code ttl} and can
   * be renewed up to {@code maxTtl}, and returns a fresh role id / secret id pair.
   */
  AppRole appRole(String suffix, Duration ttl, Duration maxTtl) {
    readPolicy();
    String mount = "approle-" + suffix;
    call("POST", "sys/auth/" + mount, Map.of("type", "approle"));
    call(
        "POST",
        "auth/" + mount + "/role/sync",
        Map.of(
            "token_policies", READ_POLICY,
            "token_ttl", ttl.toSeconds() + "s",
            "token_max_ttl", maxTtl.toSeconds() + "s"));
    String roleId =
        (String) data(call("GET", "auth/" + mount + "/role/sync/role-id", null)).get("role_id");
    String secretId =
        (String)
            data(call("POST", "auth/" + mount + "/role/sync/secret-id", Map.of())).get("secret_id");
    return new AppRole(roleId, secretId);
  }

  /** A child token with the read policy that expires after {@code ttl} (not renewable past it). */
  String childToken(Duration ttl) {
    readPolicy();
    Map<String, Object> r =
        call(
            "POST",
            "auth/token/create",
            Map.of(
                "policies", new String[] {READ_POLICY},
                "ttl", ttl.toSeconds() + "s",
                "explicit_max_ttl", ttl.toSeconds() + "s"));
    @SuppressWarnings("unchecked")
    Map<String, Object> auth = (Map<String, Object>) r.get("auth");
    return (String) auth.get("client_token");
  }

  private void readPolicy() {
    call(
        "PUT",
        "sys/policies/acl/" + READ_POLICY,
        Map.of("policy", "path \"*\" { capabilities = [\"read\", \"list\"] }"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(Map<String, Object> response) {
    return (Map<String, Object>) response.get("data");
  }

  private Map<String, Object> call(String method, String path, Object body) {
    HttpResponse<String> r = send(method, path, body);
    if (r.statusCode() / 100 != 2) {
      // Status and Vault's error list only: request bodies may hold secrets.
      throw new IllegalStateException(
          "Vault " + method + " " + path + ": HTTP " + r.statusCode() + " " + errors(r.body()));
    }
    try {
      return r.body().isBlank() ? Map.of() : JSON.readValue(r.body(), MAP);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<String> send(String method, String path, Object body) {
    try {
      HttpRequest.BodyPublisher publisher =
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(address + "/v1/" + path))
              .timeout(Duration.ofSeconds(10))
              .header("X-Vault-Token", token)
              .header("Content-Type", "application/json")
              .method(method, publisher)
              .build();
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String errors(String body) {
    try {
      return String.valueOf(JSON.readValue(body, MAP).get("errors"));
    } catch (IOException e) {
      return "";
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
