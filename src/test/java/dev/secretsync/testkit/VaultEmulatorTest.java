package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secretsync.testkit.VaultTestHttp.Reply;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the {@link VaultEmulator} over real HTTP with {@code java.net.http}: KV v1/v2, mounts,
 * health, faults, counters, seeding and concurrency. Auth and namespaces: {@link
 * VaultEmulatorAuthTest}; the vault-java-driver client: {@link VaultEmulatorDriverTest}.
 */
class VaultEmulatorTest {

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
  void kvV2ReadAndWriteFollowTheDocumentedShapes() throws Exception {
    vault.mountKv("analytics", 2).put("analytics", "config/db", Map.of("host", "db", "port", 5432));

    Reply read = call("GET", "/v1/analytics/data/config/db", root, null);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.raw().headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = read.json();
    assertThat(body.get("request_id").asText()).hasSize(36);
    assertThat(body.get("lease_id").asText()).isEmpty();
    assertThat(body.get("renewable").asBoolean()).isFalse();
    assertThat(body.get("lease_duration").asInt()).isZero();
    assertThat(body.get("wrap_info").isNull()).isTrue();
    assertThat(body.get("warnings").isNull()).isTrue();
    assertThat(body.get("auth").isNull()).isTrue();
    assertThat(body.at("/data/data/port").asInt()).isEqualTo(5432);
    JsonNode meta = body.at("/data/metadata");
    assertThat(meta.get("version").asInt()).isEqualTo(1);
    assertThat(meta.get("deletion_time").asText()).isEmpty();
    assertThat(meta.get("destroyed").asBoolean()).isFalse();
    assertThat(meta.get("custom_metadata").isNull()).isTrue();
    assertThat(meta.get("created_time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z");

    Reply write =
        call("POST", "/v1/analytics/data/config/db", root, Map.of("data", Map.of("host", "db2")));
    assertThat(write.status()).isEqualTo(200);
    assertThat(write.json().at("/data/version").asInt()).isEqualTo(2);
    assertThat(
            text(
                call("GET", "/v1/analytics/data/config/db?version=1", root, null),
                "/data/data/host"))
        .isEqualTo("db");
    assertThat(vault.read("analytics", "config/db")).hasValue(Map.of("host", "db2"));
    assertThat(call("GET", "/v1/analytics/data/missing", root, null))
        .satisfies(r -> assertThat(r.status()).isEqualTo(404))
        .satisfies(r -> assertThat(r.json().get("errors")).isEmpty());
    assertThat(call("GET", "/v1/analytics/config/db", root, null).json().get("warnings").get(0))
        .asString()
        .contains("Invalid path for a versioned K/V secrets engine");
  }

  @Test
  void checkAndSetRejectsStaleVersionsWith400() throws Exception {
    vault.mountKv("secret", 2).put("secret", "app", Map.of("a", 1));
    Reply stale =
        call(
            "PUT",
            "/v1/secret/data/app",
            root,
            Map.of("options", Map.of("cas", 0), "data", Map.of()));
    assertThat(stale.status()).isEqualTo(400);
    assertThat(stale.json().get("errors").get(0).asText())
        .isEqualTo("check-and-set parameter did not match the current version");
    Reply fresh =
        call(
            "PUT",
            "/v1/secret/data/app",
            root,
            Map.of("options", Map.of("cas", 1), "data", Map.of()));
    assertThat(fresh.status()).isEqualTo(200);
    assertThat(call("POST", "/v1/secret/data/app", root, Map.of()).status()).isEqualTo(400);
  }

  @Test
  void softDeleteUndeleteDestroyAndMetadata() throws Exception {
    vault.mountKv("secret", 2).put("secret", "team/app", Map.of("k", "v"));
    assertThat(call("DELETE", "/v1/secret/data/team/app", root, null).status()).isEqualTo(204);

    Reply deleted = call("GET", "/v1/secret/data/team/app", root, null);
    assertThat(deleted.status()).isEqualTo(404);
    assertThat(deleted.json().at("/data/data").isNull()).isTrue();
    assertThat(deleted.json().at("/data/metadata/deletion_time").asText()).isNotEmpty();
    assertThat(deleted.json().has("errors")).isFalse();
    assertThat(call("LIST", "/v1/secret/metadata/team", root, null).json().at("/data/keys"))
        .extracting(JsonNode::asText)
        .containsExactly("app");

    Map<String, Object> v1 = Map.of("versions", List.of(1));
    assertThat(call("POST", "/v1/secret/undelete/team/app", root, v1).status()).isEqualTo(204);
    assertThat(call("GET", "/v1/secret/data/team/app", root, null).status()).isEqualTo(200);
    assertThat(call("POST", "/v1/secret/destroy/team/app", root, v1).status()).isEqualTo(204);
    Reply destroyed = call("GET", "/v1/secret/data/team/app", root, null);
    assertThat(destroyed.status()).isEqualTo(404);
    assertThat(destroyed.json().at("/data/metadata/destroyed").asBoolean()).isTrue();

    vault.put("secret", "team/app", Map.of("k", "v2"));
    assertThat(call("POST", "/v1/secret/delete/team/app", root, Map.of("versions", List.of(2))))
        .satisfies(r -> assertThat(r.status()).isEqualTo(204));
    assertThat(vault.read("secret", "team/app")).isEmpty();
    Map<String, Object> custom = Map.of("custom_metadata", Map.of("owner", "ops"));
    assertThat(call("POST", "/v1/secret/metadata/team/app", root, custom).status()).isEqualTo(204);
    JsonNode meta = call("GET", "/v1/secret/metadata/team/app", root, null).json().get("data");
    assertThat(meta.get("current_version").asInt()).isEqualTo(2);
    assertThat(meta.at("/versions/1/destroyed").asBoolean()).isTrue();
    assertThat(meta.at("/versions/2/deletion_time").asText()).isNotEmpty();
    assertThat(meta.at("/custom_metadata/owner").asText()).isEqualTo("ops");
    assertThat(call("DELETE", "/v1/secret/metadata/team/app", root, null).status()).isEqualTo(204);
    assertThat(call("GET", "/v1/secret/metadata/team/app", root, null).status()).isEqualTo(404);
    Reply empty = call("LIST", "/v1/secret/metadata/team", root, null);
    assertThat(empty.status()).isEqualTo(404);
    assertThat(empty.raw().body()).isEqualTo("{\"errors\":[]}\n");
  }

  @Test
  void listingWorksWithListMethodAndQueryParameter() throws Exception {
    vault.mountKv("teams/data", 2);
    vault.put("teams/data", "a", Map.of("x", 1));
    vault.put("teams/data", "folder/b", Map.of("x", 1));
    vault.put("teams/data", "folder/sub/c", Map.of("x", 1));

    assertThat(call("LIST", "/v1/teams/data/metadata", root, null).json().at("/data/keys"))
        .extracting(JsonNode::asText)
        .containsExactly("a", "folder/");
    assertThat(
            call("GET", "/v1/teams/data/metadata/folder/?list=true", root, null)
                .json()
                .at("/data/keys"))
        .extracting(JsonNode::asText)
        .containsExactly("b", "sub/");
    assertThat(vault.listKeys("teams/data")).containsExactly("a", "folder/b", "folder/sub/c");
    assertThat(vault.count("kv.list")).isEqualTo(2);
  }

  @Test
  void kvV1ReadWriteListDelete() throws Exception {
    vault.mountKv("legacy", 1);
    assertThat(call("PUT", "/v1/legacy/app/db", root, Map.of("user", "u")).status()).isEqualTo(204);
    Reply read = call("GET", "/v1/legacy/app/db", root, null);
    assertThat(read.json().at("/data/user").asText()).isEqualTo("u");
    assertThat(read.json().get("lease_duration").asLong()).isEqualTo(2_764_800L);
    assertThat(text(call("GET", "/v1/legacy/app?list=true", root, null), "/data/keys/0"))
        .isEqualTo("db");
    assertThat(call("DELETE", "/v1/legacy/app/db", root, null).status()).isEqualTo(204);
    assertThat(call("GET", "/v1/legacy/app/db", root, null).status()).isEqualTo(404);
    assertThat(call("LIST", "/v1/legacy", root, null).status()).isEqualTo(404);
  }

  @Test
  void mountEndpointsDescribeMultiSegmentMounts() throws Exception {
    vault.mountKv("teams/data", 2).mountKv("analytics", 1);
    Reply ui = call("GET", "/v1/sys/internal/ui/mounts/teams/data/app/x", root, null);
    assertThat(ui.status()).isEqualTo(200);
    assertThat(ui.json().at("/data/path").asText()).isEqualTo("teams/data/");
    assertThat(ui.json().at("/data/type").asText()).isEqualTo("kv");
    assertThat(ui.json().at("/data/options/version").asText()).isEqualTo("2");
    Reply missing = call("GET", "/v1/sys/internal/ui/mounts/nope", root, null);
    assertThat(missing.status()).isEqualTo(403);
    assertThat(missing.json().get("errors").get(0).asText()).contains("preflight capability check");

    JsonNode mounts = call("GET", "/v1/sys/mounts", root, null).json();
    assertThat(mounts.at("/data/analytics~1/options/version").asText()).isEqualTo("1");
    assertThat(mounts.has("sys/")).isTrue();
    Map<String, Object> enable = Map.of("type", "kv", "options", Map.of("version", "2"));
    assertThat(call("POST", "/v1/sys/mounts/new/kv", root, enable).status()).isEqualTo(204);
    assertThat(call("POST", "/v1/sys/mounts/new/kv", root, enable).status()).isEqualTo(400);
    assertThat(call("POST", "/v1/new/kv/data/x", root, Map.of("data", Map.of())).status())
        .isEqualTo(200);
    assertThat(vault.root().mounts()).contains("new/kv/");
    assertThat(vault.count("sys.mounts")).isEqualTo(5);
  }

  @Test
  void healthHonoursStateAndQueryParameters() throws Exception {
    assertThat(call("GET", "/v1/sys/health", null, null).status()).isEqualTo(200);
    vault.standby(true);
    assertThat(call("GET", "/v1/sys/health", null, null).status()).isEqualTo(429);
    assertThat(call("GET", "/v1/sys/health?standbyok=true", null, null).status()).isEqualTo(200);
    vault.standby(false).seal();
    Reply sealed = call("GET", "/v1/sys/health", null, null);
    assertThat(sealed.status()).isEqualTo(503);
    assertThat(sealed.json().get("sealed").asBoolean()).isTrue();
    assertThat(call("GET", "/v1/sys/health?sealedcode=200", null, null).status()).isEqualTo(200);
    assertThat(call("HEAD", "/v1/sys/health", null, null).json()).isNull();
    vault.unseal().initialized(false);
    assertThat(call("GET", "/v1/sys/health", null, null).status()).isEqualTo(501);
    assertThat(vault.count("sys.health")).isEqualTo(7);
  }

  @Test
  void faultInjection() throws Exception {
    vault.mountKv("secret", 2).put("secret", "x", Map.of("a", 1));
    vault.failNext(2, 503);
    assertThat(call("GET", "/v1/secret/data/x", root, null).status()).isEqualTo(503);
    assertThat(call("GET", "/v1/secret/data/x", root, null).status()).isEqualTo(503);
    assertThat(call("GET", "/v1/secret/data/x", root, null).status()).isEqualTo(200);

    vault.failNextForPath("/v1/secret/metadata", 1, 429);
    assertThat(call("GET", "/v1/secret/data/x", root, null).status()).isEqualTo(200);
    Reply throttled = call("LIST", "/v1/secret/metadata", root, null);
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.json().get("errors")).hasSize(1);
    assertThat(call("LIST", "/v1/secret/metadata", root, null).status()).isEqualTo(200);

    vault.failAlways(500);
    assertThat(call("GET", "/v1/sys/health", null, null).status()).isEqualTo(500);
    vault.clearFaults();
    assertThat(call("GET", "/v1/sys/health", null, null).status()).isEqualTo(200);

    vault.dropNext(1);
    HttpClient fresh = VaultTestHttp.newClient();
    assertThatThrownBy(
            () -> http.send(fresh, "POST", "/v1/secret/data/x", root, Map.of("data", Map.of())))
        .isInstanceOf(IOException.class);
    assertThat(http.send(fresh, "GET", "/v1/secret/data/x", root, null).status()).isEqualTo(200);
    assertThat(vault.read("secret", "x")).hasValue(Map.of("a", 1));
  }

  @Test
  void latencyDelaysAnswers() throws Exception {
    vault.latency(Duration.ofMillis(150));
    long start = System.nanoTime();
    call("GET", "/v1/sys/health", null, null);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(150));
  }

  @Test
  void countersAndRequestIds() throws Exception {
    vault.mountKv("secret", 2).put("secret", "x", Map.of("a", 1));
    call("GET", "/v1/secret/data/x", root, null, "X-Request-Id", "req-1");
    call("GET", "/v1/secret/data/x?list=true", root, null, "X-Request-Id", "req-2");
    call("POST", "/v1/secret/data/y", root, Map.of("data", Map.of("b", 2)));
    call("GET", "/v1/secret/metadata/x", root, null);
    assertThat(vault.requestIds()).containsExactly("req-1", "req-2");
    assertThat(vault.count("kv.read")).isEqualTo(1);
    assertThat(vault.count("kv.list")).isEqualTo(1);
    assertThat(vault.count("kv.write")).isEqualTo(1);
    assertThat(vault.count("kv.metadata")).isEqualTo(1);
    assertThat(vault.totalCalls()).isEqualTo(4);
    assertThat(vault.requests().get(0).header("x-vault-token")).isEqualTo(root);
    vault.resetCounters();
    assertThat(vault.totalCalls()).isZero();
    assertThat(vault.requestIds()).isEmpty();
  }

  @Test
  void seedsFromTheFixtureShape(@TempDir Path dir) throws Exception {
    Path seed = dir.resolve("seed.json");
    Files.writeString(
        seed,
        "{\"description\":\"d\",\"sources\":{\"analytics\":{\"config/database\":{\"port\":5432},"
            + "\"nested/deep/level1/config\":{\"deeply_nested\":true}},\"shared\":"
            + "{\"config/common\":{\"tags\":[\"a\",\"b\"]}}}}");
    vault.seedFromJson(seed, 2);
    assertThat(vault.listKeys("analytics"))
        .containsExactly("config/database", "nested/deep/level1/config");
    assertThat(vault.read("shared", "config/common")).hasValue(Map.of("tags", List.of("a", "b")));
    Reply read = call("GET", "/v1/analytics/data/config/database", root, null);
    assertThat(read.json().at("/data/data/port").asInt()).isEqualTo(5432);

    Path shared = Path.of("..", "shared", "fixtures", "secrets_seed.json");
    if (Files.exists(shared)) {
      try (VaultEmulator other = VaultEmulator.start()) {
        other.seedFromJson(shared, 1);
        assertThat(other.root().mounts()).contains("analytics/", "data-engineers/", "shared/");
      }
    }
  }

  @Test
  void servesConcurrentClients() throws Exception {
    vault.mountKv("secret", 2).put("secret", "x", Map.of("a", 1));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        results.add(
            pool.submit(
                () ->
                    n % 2 == 0
                        ? call("GET", "/v1/secret/data/x", root, null).status()
                        : call("POST", "/v1/secret/data/c" + n, root, Map.of("data", Map.of()))
                            .status()));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(vault.count("kv.read")).isEqualTo(100);
    assertThat(vault.count("kv.write")).isEqualTo(100);
    assertThat(vault.listKeys("secret")).hasSize(101);
  }
}
