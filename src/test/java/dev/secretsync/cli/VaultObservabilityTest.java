package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.secretsync.provider.vault.VaultCliFixture;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.VaultEmulator;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vault calls behind the {@code vault:<address>} breaker, in the metrics and the JSON logs. */
class VaultObservabilityTest {
  @TempDir Path dir;
  VaultCliFixture fx;
  VaultEmulator vault;

  @BeforeEach
  void start() {
    fx = new VaultCliFixture(dir);
    vault = fx.vault();
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private static String sixSources(String extra) {
    StringBuilder sb = new StringBuilder(extra).append("pipeline: {parallelism: 1}\nsources:\n");
    for (int i = 1; i <= 6; i++) {
      sb.append("  m")
          .append(i)
          .append(": {vault: {mount: m")
          .append(i)
          .append(", kv_version: \"2\"}}\n");
    }
    sb.append("targets:\n");
    for (int i = 1; i <= 6; i++) {
      sb.append("  T").append(i).append(": {type: file, path: out-").append(i);
      sb.append(", imports: [m").append(i).append("]}\n");
    }
    return sb.toString();
  }

  @Test
  void persistentServerErrorsOpenTheVaultBreakerAndLaterSourcesFailFast() {
    for (int i = 1; i <= 6; i++) {
      vault.mountKv("m" + i, 2);
      fx.put("m" + i, "s", Map.of("v", "breaker-value-" + i));
    }
    vault.failNextForPath("m", 10_000, 500);
    CliHarness.Result r =
        fx.pipeline(
            fx.env("VAULT_TOKEN", vault.rootToken()),
            sixSources("circuit_breaker: {failure_threshold: 5, timeout: 30s}\n"));
    assertThat(r.exitCode()).isEqualTo(1);
    String name = "vault:" + vault.address();
    assertThat(r.stderr()).contains("circuit breaker \"" + name + "\" of Vault at");
    assertThat(r.stderr()).contains("CLOSED -> OPEN");
    assertThat(r.stdout())
        .contains("circuit breaker for Vault at " + vault.address() + " is open")
        .contains("this run does not retry them");
    // 5 failed lists (3 attempts each) open it; the sixth source fails fast.
    assertThat(vault.count("kv.list")).isEqualTo(5 * 3);
  }

  /**
   * The seed's outage: every KV read fails while LISTs succeed. Successful LISTs must not dilute
   * the failures: 3 failed reads open a breaker with {@code failure_threshold: 3}, however many
   * LISTs succeeded around them.
   */
  @Test
  void failedReadsOpenTheBreakerWhileListsOfTheSameVaultSucceed() {
    StringBuilder yaml =
        new StringBuilder(
            "circuit_breaker: {failure_threshold: 3, window: 10s, timeout: 30s}\n"
                + "pipeline: {parallelism: 1}\nsources:\n");
    for (int i = 1; i <= 4; i++) {
      vault.mountKv("m" + i, 2);
      for (String folder : new String[] {"a", "b", "c", "d", "e"}) {
        fx.put("m" + i, folder + "/s", Map.of("v", "outage-value-" + i + folder));
      }
      vault.failNextForPath("m" + i + "/data/", 10_000, 500);
      yaml.append("  m").append(i).append(": {vault: {mount: m").append(i).append("}}\n");
    }
    yaml.append("targets:\n");
    for (int i = 1; i <= 4; i++) {
      yaml.append("  T").append(i).append(": {type: file, path: out-").append(i);
      yaml.append(", imports: [m").append(i).append("]}\n");
    }

    CliHarness.Result r = fx.pipeline(fx.env("VAULT_TOKEN", vault.rootToken()), yaml.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("CLOSED -> OPEN")
        .contains("after 3 transient failures within 10s; next trial call at 20");
    assertThat(r.stdout())
        .containsPattern(
            "circuit breaker for Vault at http://127\\.0\\.0\\.1:\\d+ is open after repeated"
                + " transient failures \\(service degraded\\): calls to it fail at once until"
                + " 20\\S+Z, when one trial call is let through; this run does not retry them");
    assertThat(vault.count("kv.list")).as("3 sources listed 6 folders each").isEqualTo(3 * 6);
    assertThat(vault.count("kv.read")).as("3 failed reads, 3 attempts each").isEqualTo(3 * 3);
  }

  @Test
  void deniedAndMissingAnswersNeverOpenTheBreaker() {
    for (int i = 1; i <= 6; i++) {
      vault.mountKv("m" + i, 2);
      fx.put("m" + i, "s", Map.of("v", "denied-value-" + i));
    }
    vault.denyPath("m");
    CliHarness.Result r =
        fx.pipeline(
            fx.env("VAULT_TOKEN", vault.rootToken()),
            sixSources("circuit_breaker: {failure_threshold: 5}\n"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.all()).doesNotContain("is open").doesNotContain("CLOSED -> OPEN");
    assertThat(vault.count("kv.list")).isEqualTo(6);
  }

  @Test
  void pushedMetricsMatchTheEmulatorCounters() throws Exception {
    fx.seed(2);
    AtomicReference<String> pushed = new AtomicReference<>();
    HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gateway.createContext(
        "/",
        ex -> {
          pushed.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    gateway.start();
    CliHarness.Result r;
    try {
      r =
          fx.pipeline(
              fx.appRoleEnv(),
              """
              sources:
                analytics: {vault: {mount: analytics}}
                shared: {vault: {mount: shared}}
              targets:
                T: {type: file, path: out/t, imports: [analytics, shared]}
              """,
              "--metrics-push-url",
              "http://127.0.0.1:" + gateway.getAddress().getPort());
    } finally {
      gateway.stop(0);
    }
    assertThat(r.exitCode()).as(r.toString()).isZero();
    String m = pushed.get();
    assertThat(m)
        .contains("secretsync_vault_requests_total{operation=\"list\"} " + vault.count("kv.list"))
        .contains("secretsync_vault_requests_total{operation=\"read\"} " + vault.count("kv.read"))
        .contains("secretsync_vault_requests_total{operation=\"login\"} 1")
        .contains("secretsync_vault_request_duration_seconds")
        .contains("secretsync_vault_secrets_total 7")
        .contains(
            "secretsync_circuit_breaker_state{service=\"vault:"
                + vault.address()
                + "\",state=\"closed\"} 1")
        .doesNotContain("nested/deep");
    for (String v : dev.secretsync.testkit.SeedFixture.secretValues()) {
      assertThat(m).doesNotContain(v);
    }
  }

  @Test
  void jsonLogLinesOfVaultCallsCarryRequestIdOperationAndPath() throws Exception {
    vault.mountKv("kv", 2);
    fx.put("kv", "a/b", Map.of("v", "json-log-value-1"));
    CliHarness.Result r =
        fx.pipeline(
            fx.env("VAULT_TOKEN", vault.rootToken()),
            """
            sources:
              kv: {vault: {mount: kv}}
            targets:
              T: {type: file, path: out/t, imports: [kv]}
            """,
            "--log-format",
            "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    ObjectMapper json = new ObjectMapper();
    boolean sawRead = false;
    for (String line : r.stderr().strip().split("\n")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> entry = json.readValue(line, Map.class);
      if ("vault.read".equals(entry.get("operation"))) {
        assertThat((String) entry.get("request_id")).matches("[0-9a-f]{8}");
        assertThat(entry.get("path")).isEqualTo("kv/data/a/b");
        assertThat(vault.requestIds()).contains((String) entry.get("request_id"));
        sawRead = true;
      }
    }
    assertThat(sawRead).as(r.stderr()).isTrue();
  }
}
