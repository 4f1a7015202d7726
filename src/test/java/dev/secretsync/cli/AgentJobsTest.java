package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.VaultEmulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an agent job reads and how its file is owned: {@code source:} + {@code key}, pinned KV v2
 * versions, {@code owner}/{@code group}; through the real {@code agent} command against the Vault
 * emulator.
 */
class AgentJobsTest {
  private static final String V1 = "pw-v1-6d02b9e4";
  private static final String V2 = "pw-v2-1f7ac358";
  private static final String FILE_VALUE = "file-pw-93e1c0aa";
  private static final List<String> VALUES = List.of(V1, V2, FILE_VALUE);

  @TempDir Path dir;
  VaultEmulator vault;
  CliHarness cli;
  Map<String, String> env;

  @BeforeEach
  void start() {
    vault = VaultEmulator.start().mountKv("secret", 2).mountKv("teams/data", 2);
    vault.put("secret", "app/db", Map.of("password", V1));
    vault.put("teams/data", "svc/api", Map.of("password", V1));
    cli = new CliHarness(dir);
    env = Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", vault.rootToken());
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  @Test
  void jobsReadConfiguredSourcesByKeyAndPinnedVersionsStayPinned() throws Exception {
    cli.write("secrets/app/db.yaml", "password: " + FILE_VALUE + "\n");
    vault.put("secret", "app/db", Map.of("password", V2));
    String config =
        """
        sources:
          files: {file: {path: secrets}}
          data: {vault: {mount: teams/data}}
        agent:
          secrets:
            - name: from-file
              source: files
              key: app/db
              refresh: 1s
              destination: out/file
              template: '{{ .password }}'
            - name: from-vault-source
              source: data
              key: svc/api
              refresh: 1s
              destination: out/data
              template: '{{ .password }}'
            - name: pinned
              vault: {path: secret/app/db, version: 1}
              refresh: 1s
              destination: out/pinned
              template: '{{ .password }}'
            - name: latest
              vault: {path: secret/app/db}
              refresh: 1s
              destination: out/latest
              template: '{{ .password }}'
        """;
    CliHarness.Result result;
    try (AgentRun agent = new AgentRun(cli, env, config)) {
      AgentRun.await(() -> agent.get("/ready").status() == 200, "ready");
      assertThat(Files.readString(dir.resolve("out/file"))).isEqualTo(FILE_VALUE);
      assertThat(Files.readString(dir.resolve("out/data"))).isEqualTo(V1);
      assertThat(Files.readString(dir.resolve("out/pinned"))).isEqualTo(V1);
      assertThat(Files.readString(dir.resolve("out/latest"))).isEqualTo(V2);

      vault.put("secret", "app/db", Map.of("password", "third-" + V2));
      AgentRun.await(() -> read(dir.resolve("out/latest")).startsWith("third-"), "latest moved");
      assertThat(Files.readString(dir.resolve("out/pinned"))).isEqualTo(V1);
      result = agent.stop();
    }

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(vault.requests())
        .as("the pinned job asks for its version")
        .anyMatch(r -> r.path().equals("/v1/secret/data/app/db") && "version=1".equals(r.query()));
    assertThat(vault.count("sys.mounts"))
        .as("one KV-version lookup per mount (secret, teams/data), not per job")
        .isEqualTo(2);
    noValueIn(result.all(), Files.readString(dir.resolve("status.json")));
  }

  @Test
  void aDeletedPinnedVersionFailsItsJobWithTheReason() throws Exception {
    vault.softDeleteLatest("secret", "app/db");
    vault.put("secret", "app/db", Map.of("password", V2));
    String config =
        """
        agent:
          secrets:
            - name: pinned
              vault: {path: secret/app/db, version: 1}
              destination: out/pinned
              template: '{{ .password }}'
        """;
    try (AgentRun agent = new AgentRun(cli, env, config)) {
      AgentRun.await(
          () -> agent.status().path("jobs").path(0).hasNonNull("last_error"), "a failure");

      assertThat(agent.status().path("jobs").path(0).path("last_error").asText())
          .startsWith("secret secret/app/db (version 1) is not readable: ")
          .contains("version 1 is deleted (since ");
      assertThat(Files.exists(dir.resolve("out/pinned"))).isFalse();
      noValueIn(agent.stop().all());
    }
  }

  @Test
  void badSourcesKeysAndVersionsAreConfigErrors() {
    cli.write(
        "agent.yaml",
        """
        sources:
          files: {file: {path: secrets}}
        agent:
          secrets:
            - name: a
              source: nope
              key: app/db
              destination: out/a
              template: x
            - name: b
              source: files
              destination: out/b
              template: x
            - name: c
              vault: {path: secret/app/db, kv_version: "1", version: 2}
              source: files
              key: x
              destination: out/c
              template: x
            - name: d
              vault: {path: kv1/app/db, kv_version: "1", version: 2}
              key: app/db
              destination: out/d
              template: x
              owner: "no such user!"
        """);

    CliHarness.Result r = cli.run(Map.of(), "validate", "--config", "agent.yaml");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("agent.secrets[0].source: unknown source \"nope\"; known: files")
        .contains("agent.secrets[1].key: key (the secret within source files) is required")
        .contains("agent.secrets[2].source: give either vault: or source: (with key:), not both")
        .contains("agent.secrets[3].vault.version: KV version 1 keeps no versions")
        .contains("agent.secrets[3].owner: expected a user name or a numeric uid")
        .contains("agent.secrets[3].key: key: goes with source:; with vault: the key is the end");
  }

  @Test
  void anUnusableShutdownTimeoutFromTheEnvironmentIsAUsageError() {
    Map<String, String> bad = new HashMap<>(env);
    bad.put("SECRETSYNC_SHUTDOWN_TIMEOUT", "soon");

    CliHarness.Result r = cli.run(bad, "agent", "--config", "agent.yaml");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr().strip())
        .isEqualTo(
            "error: --shutdown-timeout (or SECRETSYNC_SHUTDOWN_TIMEOUT): \"soon\" is not a"
                + " duration (write e.g. 500ms, 10s, 5m or 1h)");
  }

  @Test
  void aHealthPortInUseIsAOneLineStartupError() throws IOException {
    cli.write(
        "agent.yaml",
        """
        agent:
          secrets:
            - {name: a, vault: {path: secret/app/db}, destination: out/a, template: x}
        """);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      CliHarness.Result r =
          cli.run(env, "agent", "--config", "agent.yaml", "--health-port", "" + port);

      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.stderr())
          .contains(
              "error: cannot serve agent health on 127.0.0.1:"
                  + port
                  + ": the port is in use (set agent.health.port)");
    }
    assertThat(vault.count("kv.read")).as("no job ran").isZero();
  }

  @Test
  void asRootTheFileGetsItsOwnerAndGroup() throws Exception {
    assumeTrue(runningAsRoot(), "chown to another user needs root");
    String config =
        """
        agent:
          secrets:
            - name: db
              vault: {path: secret/app/db}
              refresh: 1s
              destination: out/db
              owner: 1234
              group: "4321"
              template: '{{ .password }}'
            - name: by-name
              vault: {path: secret/app/db}
              destination: out/by-name
              owner: root
              group: root
              template: '{{ .password }}'
        """;
    try (AgentRun agent = new AgentRun(cli, env, config)) {
      AgentRun.await(() -> agent.get("/ready").status() == 200, "ready");

      Path db = dir.resolve("out/db");
      assertThat(Files.getAttribute(db, "unix:uid")).isEqualTo(1234);
      assertThat(Files.getAttribute(db, "unix:gid")).isEqualTo(4321);
      assertThat(Files.getAttribute(dir.resolve("out/by-name"), "unix:uid")).isEqualTo(0);
      // Ownership changed out of band is put back without rewriting the unchanged content.
      Files.setAttribute(db, "unix:uid", 0);
      AgentRun.await(() -> uid(db) == 1234, "owner put back");
      long renders = renders(agent, "db");
      agent.stop();
      assertThat(renders).isEqualTo(1);
    }
  }

  @Test
  void withoutRootGivingTheFileAwayFailsTheJobClearly() throws Exception {
    assumeFalse(runningAsRoot(), "root may chown");
    String config =
        """
        agent:
          secrets:
            - name: db
              vault: {path: secret/app/db}
              destination: out/db
              owner: "0"
              template: '{{ .password }}'
        """;
    try (AgentRun agent = new AgentRun(cli, env, config)) {
      AgentRun.await(
          () -> agent.status().path("jobs").path(0).hasNonNull("last_error"), "a failure");

      assertThat(agent.status().path("jobs").path(0).path("last_error").asText())
          .contains("to owner 0: operation not permitted")
          .contains("needs root or CAP_CHOWN");
      assertThat(Files.exists(dir.resolve("out/db"))).isFalse();
      assertThat(Files.list(dir.resolve("out"))).as("no temp file left").isEmpty();
      agent.stop();
    }
  }

  private static long renders(AgentRun agent, String job) {
    String line =
        agent
            .get("/metrics")
            .body()
            .lines()
            .filter(l -> l.startsWith("secretsync_agent_renders_total{secret=\"" + job + "\"}"))
            .findFirst()
            .orElseThrow();
    return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  private static int uid(Path p) {
    try {
      return (Integer) Files.getAttribute(p, "unix:uid");
    } catch (IOException e) {
      return -1;
    }
  }

  private boolean runningAsRoot() throws IOException {
    Path probe = Files.createTempFile(dir, "uid", "");
    return Integer.valueOf(0).equals(Files.getAttribute(probe, "unix:uid"));
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
