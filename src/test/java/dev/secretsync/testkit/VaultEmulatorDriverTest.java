package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.HealthResponse;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.response.LookupResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the {@link VaultEmulator} with the production client, vault-java-driver 6.2.1. */
class VaultEmulatorDriverTest {

  private VaultEmulator vault;

  @BeforeEach
  void start() {
    vault = VaultEmulator.start();
    vault.mountKv("analytics", 2).mountKv("teams/data", 2).mountKv("legacy", 1);
    vault.put("analytics", "config/database", Map.of("host", "db", "port", 5432));
    vault.put("analytics", "config/api", Map.of("retries", 3));
    vault.put("analytics", "nested/deep/config", Map.of("deep", true));
    vault.put("teams/data", "app/db", Map.of("user", "app"));
    vault.addAppRole("approle", "rid", "sid", "reader");
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private VaultConfig config(int engineVersion, int depth, String token) throws VaultException {
    return new VaultConfig()
        .address(vault.address())
        .token(token)
        .engineVersion(engineVersion)
        .prefixPathDepth(depth)
        .openTimeout(2)
        .readTimeout(5)
        .build();
  }

  private Vault client(int engineVersion, int depth, String token) throws VaultException {
    return Vault.create(config(engineVersion, depth, token));
  }

  @Test
  void readsListsAndWritesKvV2() throws Exception {
    Vault client = client(2, 1, vault.rootToken());

    LogicalResponse read = client.logical().read("analytics/config/database");
    assertThat(read.getRestResponse().getStatus()).isEqualTo(200);
    assertThat(read.getData()).containsEntry("host", "db").containsEntry("port", "5432");
    assertThat(read.getDataObject().get("port").asInt()).isEqualTo(5432);
    assertThat(read.getDataMetadata().getVersion()).isEqualTo(1L);

    assertThat(client.logical().list("analytics").getListData())
        .containsExactly("config/", "nested/");
    assertThat(client.logical().list("analytics/config").getListData())
        .containsExactly("api", "database");
    assertThat(vault.requests())
        .anySatisfy(
            r -> {
              assertThat(r.path()).isEqualTo("/v1/analytics/metadata/config");
              assertThat(r.query()).isEqualTo("list=true");
              assertThat(r.method()).isEqualTo("GET");
              assertThat(r.header("X-Vault-Request")).isEqualTo("true");
            });

    LogicalResponse write = client.logical().write("analytics/new", Map.of("k", "v", "n", 3));
    assertThat(write.getRestResponse().getStatus()).isEqualTo(200);
    assertThat(vault.read("analytics", "new")).hasValue(Map.of("k", "v", "n", 3));
    assertThat(client.logical().read("analytics/new", true, 1).getData()).containsEntry("k", "v");
    assertThat(vault.count("kv.read")).isEqualTo(2);
    assertThat(vault.count("kv.list")).isEqualTo(2);
    assertThat(vault.count("kv.write")).isEqualTo(1);
  }

  @Test
  void multiSegmentMountsNeedPrefixPathDepth() throws Exception {
    Vault client = client(2, 2, vault.rootToken());
    assertThat(client.logical().list("teams/data").getListData()).containsExactly("app/");
    assertThat(client.logical().read("teams/data/app/db").getData()).containsEntry("user", "app");
    vault.mountKv("org/kv", 2).put("org/kv", "app/db", Map.of("user", "app"));
    assertThat(client.logical().read("org/kv/app/db").getData()).containsEntry("user", "app");
    // With the default depth 1 the driver asks for org/data/kv/app/db: no mount serves it.
    LogicalResponse wrongDepth = client(2, 1, vault.rootToken()).logical().read("org/kv/app/db");
    assertThat(wrongDepth.getRestResponse().getStatus()).isEqualTo(404);
    assertThat(new String(wrongDepth.getRestResponse().getBody())).contains("no handler for route");
  }

  @Test
  void kvV1ReadWriteListDelete() throws Exception {
    Vault client = client(1, 1, vault.rootToken());
    assertThat(client.logical().write("legacy/app/db", Map.of("user", "u")).getRestResponse())
        .satisfies(r -> assertThat(r.getStatus()).isEqualTo(204));
    assertThat(client.logical().read("legacy/app/db").getData()).containsEntry("user", "u");
    assertThat(client.logical().read("legacy/app/db").getLeaseDuration()).isEqualTo(2_764_800L);
    assertThat(client.logical().list("legacy/app").getListData()).containsExactly("db");
    client.logical().delete("legacy/app/db");
    assertThat(vault.read("legacy", "app/db")).isEmpty();
  }

  @Test
  void softDeletedSecretsReadAs404WithMetadataButStillList() throws Exception {
    vault.softDeleteLatest("analytics", "config/api");
    Vault client = client(2, 1, vault.rootToken());
    LogicalResponse read = client.logical().read("analytics/config/api");
    assertThat(read.getRestResponse().getStatus()).isEqualTo(404);
    assertThat(read.getData()).isEmpty();
    assertThat(read.getDataMetadata().getMetadataMap().get("deletion_time")).isNotEmpty();
    assertThat(client.logical().list("analytics/config").getListData()).contains("api");
    // The driver's delete(path) on KV v2 deletes the metadata: every version is gone.
    client.logical().delete("analytics/config/api");
    assertThat(client.logical().list("analytics/config").getListData()).containsExactly("database");
  }

  @Test
  void appRoleLoginLookupRenewRevoke() throws Exception {
    vault.tokenTtl(java.time.Duration.ofMinutes(10));
    AuthResponse login = client(2, 1, null).auth().loginByAppRole("approle", "rid", "sid");
    String token = login.getAuthClientToken();
    assertThat(token).startsWith("hvs.");
    assertThat(login.getAuthPolicies()).containsExactly("default", "reader");
    assertThat(login.getAuthLeaseDuration()).isEqualTo(600);
    assertThat(login.isAuthRenewable()).isTrue();

    Vault client = client(2, 1, token);
    assertThat(client.logical().read("analytics/config/database").getData()).isNotEmpty();
    LookupResponse self = client.auth().lookupSelf();
    assertThat(self.getId()).isEqualTo(token);
    assertThat(self.getTTL()).isBetween(590L, 600L);
    assertThat(self.getPolicies()).containsExactly("default", "reader");
    assertThat(client.auth().renewSelf().getAuthLeaseDuration()).isEqualTo(600);
    assertThat(client.auth().renewSelf(3600).getAuthLeaseDuration()).isEqualTo(3600);
    client.auth().revokeSelf();
    LogicalResponse denied = client.logical().read("analytics/config/database");
    assertThat(denied.getRestResponse().getStatus()).isEqualTo(403);

    assertThatThrownBy(() -> client(2, 1, null).auth().loginByAppRole("approle", "rid", "bad"))
        .isInstanceOfSatisfying(
            VaultException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(400))
        .hasMessageContaining("invalid role or secret ID");
    assertThat(vault.count("auth.login")).isEqualTo(2);
    assertThat(vault.count("token.renew")).isEqualTo(2);
  }

  @Test
  void kubernetesAndJwtLogins() throws Exception {
    vault.addKubernetesRole("kubernetes", "sync", "k8s-jwt").addJwtRole("github", "ci", "gh");
    Vault anonymous = client(2, 1, null);
    AuthResponse k8s = anonymous.auth().loginByKubernetes("sync", "k8s-jwt", "auth/kubernetes");
    assertThat(k8s.getAuthClientToken()).startsWith("hvs.");
    AuthResponse jwt = anonymous.auth().loginByJwt("github", "ci", "gh");
    assertThat(jwt.getAuthClientToken()).startsWith("hvs.");
    assertThatThrownBy(() -> anonymous.auth().loginByKubernetes("sync", "x", "auth/kubernetes"))
        .isInstanceOfSatisfying(
            VaultException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(403));
  }

  @Test
  void badTokenComesBackAs403Response() throws Exception {
    Vault client = client(2, 1, "hvs.unknown");
    LogicalResponse read = client.logical().read("analytics/config/database");
    assertThat(read.getRestResponse().getStatus()).isEqualTo(403);
    assertThat(new String(read.getRestResponse().getBody())).contains("invalid token");
    assertThat(client.logical().list("analytics").getListData()).isEmpty();
  }

  @Test
  void sealedAndFaultsSurfaceAsExceptionsAndRetries() throws Exception {
    vault.seal();
    Vault client = client(2, 1, vault.rootToken());
    assertThatThrownBy(() -> client.logical().read("analytics/config/database"))
        .isInstanceOfSatisfying(
            VaultException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(503))
        .hasMessageContaining("Vault is sealed");
    vault.unseal().resetCounters();

    vault.failNext(2, 500);
    Vault retrying = client(2, 1, vault.rootToken()).withRetries(3, 10);
    assertThat(retrying.logical().read("analytics/config/database").getData()).isNotEmpty();
    assertThat(vault.count("kv.read")).isEqualTo(3);

    // The JDK HttpClient resends a GET once after an EOF, so two drops make one failed read.
    vault.resetCounters();
    vault.dropNext(2);
    assertThatThrownBy(() -> client.logical().read("analytics/config/database"))
        .isInstanceOf(VaultException.class);
    assertThat(vault.count("kv.read")).isEqualTo(2);
    assertThat(client.logical().read("analytics/config/database").getData()).isNotEmpty();
  }

  @Test
  void healthAndMountDiscovery() throws Exception {
    Vault client = client(2, 1, vault.rootToken());
    HealthResponse health = client.debug().health();
    assertThat(health.getInitialized()).isTrue();
    assertThat(health.getSealed()).isFalse();
    vault.standby(true);
    assertThat(client.debug().health().getRestResponse().getStatus()).isEqualTo(429);

    VaultConfig discovering =
        new VaultConfig().address(vault.address()).token(vault.rootToken()).readTimeout(5).build();
    Vault.create(discovering, true, 1);
    assertThat(discovering.getSecretsEnginePathMap())
        .containsEntry("analytics/", "2")
        .containsEntry("teams/data/", "2")
        .containsEntry("legacy/", "1");
    assertThat(vault.count("sys.mounts")).isEqualTo(1);
  }

  @Test
  void namespacesViaTheDriver() throws Exception {
    vault.namespace("team-a").mountKv("secret", 2).put("secret", "x", Map.of("where", "a"));
    VaultConfig cfg = config(2, 1, vault.rootToken()).nameSpace("team-a");
    assertThat(Vault.create(cfg).logical().read("secret/x").getData()).containsEntry("where", "a");
    assertThat(vault.requests().get(0).header("X-Vault-Namespace")).isEqualTo("team-a");
  }

  @Test
  void driverFlattensNonScalarValuesWithToString() throws Exception {
    // A driver quirk worth knowing: write() sends lists and maps as their Java toString().
    client(2, 1, vault.rootToken())
        .logical()
        .write("analytics/quirk", Map.of("tags", List.of("a")));
    assertThat(vault.read("analytics", "quirk")).hasValue(Map.of("tags", "[a]"));
  }
}
