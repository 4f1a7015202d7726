package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.VaultEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secretsync agent} end to end against the Vault emulator: the real command runs in-process
 * and is probed through its files, health server and status file, and {@code secretsync isready}.
 */
class AgentCommandTest {
  private static final String DB_PASSWORD = "pw-9f3a71c2";
  private static final String API_KEY = "key-51be0d77";
  private static final String CERT = "cert-aa04e6f1";
  private static final String NEW_PASSWORD = "pw-new-3c8e10d4";
  private static final List<String> VALUES = List.of(DB_PASSWORD, API_KEY, CERT, NEW_PASSWORD);

  private static final String THREE_JOBS =
      """
      agent:
        secrets:
          - name: db
            vault: {path: secret/app/db}
            refresh: 1s
            destination: out/db.env
            template: |
              DB_USER={{ .user }}
              DB_PASSWORD={{ .password }}
          - name: api
            vault: {path: kv1/app/api}
            refresh: 2s
            destination: out/api.json
            mode: "0440"
            template: '{{ . | toJson }}'
          - name: cert
            vault: {path: secret/app/tls}
            refresh: never
            destination: out/tls/cert.b64
            mode: "0600"
            template: '{{ .cert | b64enc }}'
      """;

  @TempDir Path dir;
  VaultEmulator vault;
  CliHarness cli;
  Map<String, String> env;

  @BeforeEach
  void start() {
    vault = VaultEmulator.start().mountKv("secret", 2).mountKv("kv1", 1);
    vault.put("secret", "app/db", Map.of("user", "app", "password", DB_PASSWORD));
    vault.put("kv1", "app/api", Map.of("key", API_KEY, "port", 443));
    vault.put("secret", "app/tls", Map.of("cert", CERT));
    cli = new CliHarness(dir);
    env = Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", vault.rootToken());
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  @Test
  void jobsRenderFilesWithModesAndOnlyAChangedSecretRewritesItsFile() throws Exception {
    CliHarness.Result result;
    String ready;
    String metrics;
    try (AgentRun agent = new AgentRun(cli, env, THREE_JOBS)) {
      AgentRun.await(() -> agent.get("/ready").status() == 200, "ready");
      Path db = dir.resolve("out/db.env");
      Path api = dir.resolve("out/api.json");
      Path cert = dir.resolve("out/tls/cert.b64");
      assertThat(Files.readString(db)).isEqualTo("DB_USER=app\nDB_PASSWORD=" + DB_PASSWORD + "\n");
      assertThat(Files.readString(api)).isEqualTo("{\"key\":\"" + API_KEY + "\",\"port\":443}");
      assertThat(Files.readString(cert)).isEqualTo("Y2VydC1hYTA0ZTZmMQ==");
      assertThat(mode(db)).isEqualTo("r--------");
      assertThat(mode(api)).isEqualTo("r--r-----");
      assertThat(mode(cert)).isEqualTo("rw-------");
      FileTime apiTime = mtime(api);
      FileTime certTime = mtime(cert);
      long apiReads = vault.count("kv.read");

      vault.put("secret", "app/db", Map.of("user", "app", "password", NEW_PASSWORD));
      AgentRun.await(() -> read(db).contains(NEW_PASSWORD), "db.env updated within its refresh");
      // Let the 2s job refresh at least once more with unchanged content.
      AgentRun.await(() -> vault.count("kv.read") >= apiReads + 4, "more refreshes");

      assertThat(mtime(api)).as("unchanged content is not rewritten").isEqualTo(apiTime);
      assertThat(mtime(cert)).as("refresh: never is not re-read").isEqualTo(certTime);
      assertThat(Files.list(dir.resolve("out")).map(p -> p.getFileName().toString()))
          .as("no temp files left behind")
          .containsExactlyInAnyOrder("db.env", "api.json", "tls");
      ready = agent.get("/ready").body();
      metrics = agent.get("/metrics").body();
      assertThat(agent.get("/health").status()).isEqualTo(200);
      result = agent.stop();
    }

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(ready).contains("\"ready\" : true").contains("\"name\" : \"db\"");
    assertThat(metrics)
        .contains("secretsync_agent_fetch_total{secret=\"db\"}")
        .contains("secretsync_agent_errors_total{secret=\"api\"} 0.0")
        .contains("secretsync_agent_renders_total{secret=\"api\"} 1.0")
        .contains("secretsync_agent_last_success_timestamp_seconds{secret=\"cert\"}")
        .contains("secretsync_agent_fetch_duration_seconds_count")
        .as("the agent's /metrics carries the JVM's own metrics too")
        .contains("jvm_memory_used_bytes")
        .contains("process_uptime_seconds");
    assertThat(vault.count("auth.token.lookup") + vault.count("token.lookup"))
        .as("one token check for the whole process")
        .isLessThanOrEqualTo(1);
    noValueIn(result.all(), ready, metrics, Files.readString(dir.resolve("status.json")));
  }

  @Test
  void vaultDownAtStartIsAliveButNotReadyUntilVaultIsBack() throws Exception {
    vault.seal();
    try (AgentRun agent = new AgentRun(cli, env, THREE_JOBS)) {
      AgentRun.await(
          () -> agent.status().path("jobs").path(0).hasNonNull("last_error"), "a failure");

      assertThat(agent.get("/health").status()).isEqualTo(200);
      AgentRun.Response notReady = agent.get("/ready");
      assertThat(notReady.status()).isEqualTo(503);
      assertThat(notReady.body()).contains("\"ready\" : false").contains("sealed");
      CliHarness.Result isready = cli.run("isready", "--status-file", "status.json");
      assertThat(isready.exitCode()).as(isready.toString()).isEqualTo(1);
      assertThat(isready.stderr()).contains("not ready: waiting for db, api, cert");
      assertThat(Files.exists(dir.resolve("out/db.env"))).isFalse();

      vault.unseal();

      AgentRun.await(() -> agent.get("/ready").status() == 200, "ready once Vault is back");
      AgentRun.await(
          () -> cli.run("isready", "--status-file", "status.json").exitCode() == 0,
          "isready exits 0");
      assertThat(read(dir.resolve("out/db.env"))).contains(DB_PASSWORD);
      CliHarness.Result result = agent.stop();
      assertThat(result.exitCode()).isZero();
      noValueIn(result.all());
    }
    CliHarness.Result after = cli.run("isready", "--status-file", "status.json");
    assertThat(after.exitCode()).as("a stopped agent is not ready").isEqualTo(1);
  }

  @Test
  void aTemplateWithAMissingFieldFailsOnlyItsJob() throws Exception {
    String config =
        """
        agent:
          secrets:
            - name: good
              vault: {path: secret/app/db}
              destination: out/good
              template: '{{ .user }}'
            - name: broken
              vault: {path: secret/app/db}
              destination: out/broken
              template: "user={{ .user }}\\npass={{ .passwrd }}"
            - name: optional
              vault: {path: secret/app/missing}
              destination: out/optional
              template: '{{ .x }}'
              required: false
        """;
    try (AgentRun agent = new AgentRun(cli, env, config)) {
      AgentRun.await(() -> Files.exists(dir.resolve("out/good")), "good rendered");
      AgentRun.await(
          () -> agent.status().path("jobs").path(1).hasNonNull("last_error"), "broken failed");

      AgentRun.Response ready = agent.get("/ready");
      assertThat(ready.status()).isEqualTo(503);
      assertThat(agent.status().path("jobs").path(1).path("last_error").asText())
          .isEqualTo("template:2:9: map has no entry for key \"passwrd\" (at .passwrd)");
      assertThat(Files.exists(dir.resolve("out/broken"))).isFalse();
      assertThat(read(dir.resolve("out/good"))).isEqualTo("app");
      CliHarness.Result result = agent.stop();
      assertThat(result.stderr()).contains("job broken failed");
      noValueIn(result.all(), ready.body());
    }
  }

  @Test
  void aBadTemplateIsAConfigErrorWithItsLineAndColumn() {
    cli.write(
        "agent.yaml",
        """
        agent:
          secrets:
            - name: a
              vault: {path: secret/app/db}
              destination: out/a
              template: |
                user={{ .user }}
                pass={{ .password | upprr }}
        """);

    CliHarness.Result r = cli.run(env, "agent", "--config", "agent.yaml");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("agent.secrets[0].template:2:21: unknown function \"upprr\"");
  }

  @Test
  void validateAcceptsAnAgentOnlyConfigOffline() {
    cli.write("agent.yaml", THREE_JOBS);

    CliHarness.Result r = cli.run(Map.of(), "validate", "--config", "agent.yaml");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("agent: 3 job(s), templates parsed");
    assertThat(vault.totalCalls()).isZero();
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static FileTime mtime(Path p) throws IOException {
    return Files.getLastModifiedTime(p);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }

  private static void noValueIn(String... outputs) {
    for (String out : outputs) {
      for (String v : VALUES) {
        assertThat(out).as("secret value leaked").doesNotContain(v);
      }
    }
  }
}
