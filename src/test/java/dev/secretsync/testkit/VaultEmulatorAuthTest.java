package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretsync.testkit.VaultTestHttp.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives the {@link VaultEmulator}'s authentication over real HTTP: tokens, AppRole / Kubernetes /
 * JWT logins, token self-service, expiry, {@code denyPath}, sealing and namespaces.
 */
class VaultEmulatorAuthTest {

  private VaultEmulator vault;
  private VaultTestHttp http;
  private String root;

  @BeforeEach
  void start() {
    vault = VaultEmulator.start();
    root = vault.rootToken();
    http = new VaultTestHttp(vault.address());
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private Reply call(String method, String path, String token, Object body, String... headers)
      throws IOException, InterruptedException {
    return http.call(method, path, token, body, headers);
  }

  private static String text(Reply reply, String pointer) {
    return reply.text(pointer);
  }

  @Test
  void sealedVaultAnswers503Everywhere() throws Exception {
    vault.mountKv("secret", 2).addAppRole("approle", "rid", "sid").seal();
    Reply read = call("GET", "/v1/secret/data/x", root, null);
    assertThat(read.status()).isEqualTo(503);
    assertThat(read.raw().body()).isEqualTo("{\"errors\":[\"Vault is sealed\"]}\n");
    Map<String, String> creds = Map.of("role_id", "rid", "secret_id", "sid");
    assertThat(call("POST", "/v1/auth/approle/login", null, creds).status()).isEqualTo(503);
    vault.unseal();
    assertThat(call("POST", "/v1/auth/approle/login", null, creds).status()).isEqualTo(200);
  }

  @Test
  void tokensAreRequiredAndChecked() throws Exception {
    vault.mountKv("secret", 2);
    assertThat(call("GET", "/v1/secret/data/x", null, null))
        .satisfies(r -> assertThat(r.status()).isEqualTo(403))
        .satisfies(
            r -> assertThat(r.raw().body()).isEqualTo("{\"errors\":[\"permission denied\"]}\n"));
    Reply bad = call("GET", "/v1/secret/data/x", "hvs.bogus", null);
    assertThat(bad.status()).isEqualTo(403);
    assertThat(bad.json().get("errors").get(0).asText())
        .contains("permission denied")
        .contains("invalid token");
  }

  /**
   * Vault's token concepts docs ("Error responses"): since 1.17 a revoked, expired or bogus token
   * gets 403 with "invalid token" and "permission denied"; before (hashicorp/vault#25953) only
   * "permission denied", the same words as a policy denial of a valid token.
   */
  @Test
  void beforeVault117ADeadTokenReadsLikeAPolicyDenial() throws Exception {
    vault.mountKv("secret", 2).put("secret", "x", Map.of("a", "b"));
    vault.preInvalidTokenErrors(true);
    String token = vault.createToken();
    vault.revokeToken(token);

    Reply revoked = call("GET", "/v1/secret/data/x", token, null);
    Reply bogus = call("GET", "/v1/auth/token/lookup-self", "hvs.bogus", null);
    vault.denyPath("secret/data/x");
    Reply denied = call("GET", "/v1/secret/data/x", root, null);

    assertThat(revoked.status()).isEqualTo(403);
    assertThat(revoked.raw().body()).isEqualTo("{\"errors\":[\"permission denied\"]}\n");
    assertThat(bogus.status()).isEqualTo(403);
    assertThat(bogus.raw().body()).isEqualTo("{\"errors\":[\"permission denied\"]}\n");
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.raw().body()).doesNotContain("invalid token").contains("permission denied");
    assertThat(call("GET", "/v1/auth/token/lookup-self", root, null).status())
        .as("a valid token still looks itself up")
        .isEqualTo(200);
  }

  @Test
  void appRoleKubernetesAndJwtLoginsIssueUsableTokens() throws Exception {
    vault.mountKv("secret", 2).put("secret", "x", Map.of("a", "b"));
    vault.addAppRole("approle", "rid", "sid", "reader");
    vault.addKubernetesRole("kubernetes", "sync", "k8s-jwt").addJwtRole("jwt", "ci", "gh-jwt");

    Reply login =
        call("POST", "/v1/auth/approle/login", null, Map.of("role_id", "rid", "secret_id", "sid"));
    assertThat(login.status()).isEqualTo(200);
    JsonNode auth = login.json().get("auth");
    assertThat(auth.get("client_token").asText()).startsWith("hvs.");
    assertThat(auth.get("accessor").asText()).isNotEmpty();
    assertThat(auth.get("policies"))
        .extracting(JsonNode::asText)
        .containsExactly("default", "reader");
    assertThat(auth.get("token_policies")).hasSize(2);
    assertThat(auth.get("renewable").asBoolean()).isTrue();
    assertThat(auth.get("lease_duration").asLong()).isEqualTo(2_764_800L);
    assertThat(auth.at("/metadata/role_name").asText()).isEqualTo("rid");
    String token = auth.get("client_token").asText();
    assertThat(call("GET", "/v1/secret/data/x", token, null).status()).isEqualTo(200);

    Reply wrong =
        call("POST", "/v1/auth/approle/login", null, Map.of("role_id", "rid", "secret_id", "no"));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.json().get("errors").get(0).asText()).isEqualTo("invalid role or secret ID");

    Map<String, String> k8s = Map.of("role", "sync", "jwt", "k8s-jwt");
    assertThat(call("POST", "/v1/auth/kubernetes/login", null, k8s).status()).isEqualTo(200);
    Map<String, String> badK8s = Map.of("role", "sync", "jwt", "other");
    assertThat(call("POST", "/v1/auth/kubernetes/login", null, badK8s).status()).isEqualTo(403);
    Map<String, String> jwt = Map.of("role", "ci", "jwt", "gh-jwt");
    assertThat(text(call("POST", "/v1/auth/jwt/login", null, jwt), "/auth/metadata/role"))
        .isEqualTo("ci");
    assertThat(call("POST", "/v1/auth/jwt/login", null, Map.of("role", "ci", "jwt", "x")).status())
        .isEqualTo(400);
    assertThat(vault.count("auth.login")).isEqualTo(6);
  }

  @Test
  void lookupRenewAndRevokeSelf() throws Exception {
    vault.mountKv("secret", 2).addAppRole("approle", "rid", "sid").tokenTtl(Duration.ofMinutes(10));
    String token =
        call("POST", "/v1/auth/approle/login", null, Map.of("role_id", "rid", "secret_id", "sid"))
            .json()
            .at("/auth/client_token")
            .asText();
    JsonNode self = call("GET", "/v1/auth/token/lookup-self", token, null).json().get("data");
    assertThat(self.get("id").asText()).isEqualTo(token);
    assertThat(self.get("ttl").asLong()).isBetween(590L, 600L);
    assertThat(self.get("path").asText()).isEqualTo("auth/approle/login");
    Reply renewed = call("POST", "/v1/auth/token/renew-self", token, Map.of("increment", "1h"));
    assertThat(renewed.json().at("/auth/lease_duration").asLong()).isBetween(3590L, 3600L);
    assertThat(call("POST", "/v1/auth/token/revoke-self", token, null).status()).isEqualTo(204);
    assertThat(call("GET", "/v1/auth/token/lookup-self", token, null).status()).isEqualTo(403);
    assertThat(vault.count("token.lookup")).isEqualTo(2);
    assertThat(vault.count("token.renew")).isEqualTo(1);
    assertThat(vault.count("token.revoke")).isEqualTo(1);
  }

  @Test
  void shortTokenTtlExpires() throws Exception {
    vault.mountKv("secret", 2).addAppRole("approle", "rid", "sid").tokenTtl(Duration.ofSeconds(1));
    String token =
        call("POST", "/v1/auth/approle/login", null, Map.of("role_id", "rid", "secret_id", "sid"))
            .json()
            .at("/auth/client_token")
            .asText();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    int status = 0;
    while (System.nanoTime() < deadline) {
      status = call("GET", "/v1/auth/token/lookup-self", token, null).status();
      if (status == 403) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(status).isEqualTo(403);
    String again =
        call("POST", "/v1/auth/approle/login", null, Map.of("role_id", "rid", "secret_id", "sid"))
            .json()
            .at("/auth/client_token")
            .asText();
    vault.revokeAllTokens();
    assertThat(call("GET", "/v1/auth/token/lookup-self", again, null).status()).isEqualTo(403);
    assertThat(call("GET", "/v1/auth/token/lookup-self", root, null).status()).isEqualTo(200);
  }

  @Test
  void denyPathAnswersLikeAnAclDenial() throws Exception {
    vault.mountKv("secret", 2).put("secret", "open", Map.of("a", 1));
    vault.put("secret", "closed/x", Map.of("a", 1));
    vault.denyPath("secret/data/closed");
    Reply denied = call("GET", "/v1/secret/data/closed/x", root, null);
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().get("errors").get(0).asText()).contains("permission denied");
    assertThat(call("GET", "/v1/secret/data/open", root, null).status()).isEqualTo(200);
  }

  @Test
  void namespacesHaveSeparateMountTables() throws Exception {
    vault.mountKv("secret", 2).put("secret", "x", Map.of("where", "root"));
    vault.namespace("team-a").mountKv("secret", 2).put("secret", "x", Map.of("where", "team-a"));
    vault.namespace("team-a").addAppRole("approle", "rid", "sid");

    Reply viaHeader = call("GET", "/v1/secret/data/x", root, null, "X-Vault-Namespace", "team-a");
    assertThat(text(viaHeader, "/data/data/where")).isEqualTo("team-a");
    assertThat(text(call("GET", "/v1/team-a/secret/data/x", root, null), "/data/data/where"))
        .isEqualTo("team-a");
    assertThat(call("GET", "/v1/secret/data/x", root, null).json().at("/data/data/where").asText())
        .isEqualTo("root");

    String nsToken =
        call(
                "POST",
                "/v1/auth/approle/login",
                null,
                Map.of("role_id", "rid", "secret_id", "sid"),
                "X-Vault-Namespace",
                "team-a/")
            .json()
            .at("/auth/client_token")
            .asText();
    assertThat(call("GET", "/v1/team-a/secret/data/x", nsToken, null).status()).isEqualTo(200);
    assertThat(call("GET", "/v1/secret/data/x", nsToken, null).status()).isEqualTo(403);
    assertThat(call("GET", "/v1/secret/data/x", root, null, "X-Vault-Namespace", "nope").status())
        .isEqualTo(404);
  }

  @Test
  void expireTokensAfterAndPerTokenDenies() throws Exception {
    vault.mountKv("secret", 2).put("secret", "x", Map.of("a", 1));
    String reader = vault.createToken("reader");
    String other = vault.createToken();
    vault.denyPath(reader, "secret/data/x");
    assertThat(call("GET", "/v1/secret/data/x", reader, null).status()).isEqualTo(403);
    assertThat(call("GET", "/v1/secret/data/x", other, null).status()).isEqualTo(200);
    vault.expireTokensAfter(Duration.ZERO);
    assertThat(call("GET", "/v1/secret/data/x", other, null).status()).isEqualTo(403);
    assertThat(call("GET", "/v1/secret/data/x", root, null).status()).isEqualTo(200);
    assertThat(vault.revokeToken(root)).isTrue();
    assertThat(call("GET", "/v1/secret/data/x", root, null).status()).isEqualTo(403);
  }
}
