package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.VaultEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sun.misc.Signal;

/** Hot reload of {@code secretsync agent}: config edits and SIGHUP, valid and invalid. */
class AgentReloadTest {
  private static final String PASSWORD = "pw-0c4e7a19";
  private static final String NEW_PASSWORD = "pw-new-b83f5d20";

  private static final String BEFORE =
      """
      agent:
        secrets:
          - name: keep
            vault: {path: secret/app/db}
            refresh: 1s
            destination: out/keep
            template: 'pw={{ .password }}'
          - name: change
            vault: {path: secret/app/db}
            refresh: 1s
            destination: out/change
            template: 'old {{ .user }}'
      """;

  private static final String AFTER =
      BEFORE.replace("'old {{ .user }}'", "'new {{ .user | upper }}'")
          + """
              - name: extra
                vault: {path: secret/app/db}
                destination: out/extra
                template: 'extra {{ .user }}'
          """;

  @TempDir Path dir;
  VaultEmulator vault;
  CliHarness cli;
  Map<String, String> env;

  @BeforeEach
  void start() {
    vault = VaultEmulator.start().mountKv("secret", 2);
    vault.put("secret", "app/db", Map.of("user", "app", "password", PASSWORD));
    cli = new CliHarness(dir);
    env = Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", vault.rootToken());
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  @Test
  void anEditedConfigAddsAndChangesJobsWithoutARestart() throws Exception {
    CliHarness.Result result;
    try (AgentRun agent = new AgentRun(cli, env, BEFORE)) {
      AgentRun.await(() -> agent.get("/ready").status() == 200, "ready");
      assertThat(read("out/change")).isEqualTo("old app");

      cli.write("agent.yaml", AFTER);

      AgentRun.await(() -> read("out/extra").equals("extra app"), "added job rendered");
      AgentRun.await(() -> read("out/change").equals("new APP"), "changed job re-rendered");
      assertThat(agent.get("/ready").status()).isEqualTo(200);
      result = agent.stop();
    }

    assertThat(result.stderr())
        .contains("config reloaded: 1 added, 1 changed, 0 removed, 1 unchanged");
    assertThat(result.all()).doesNotContain(PASSWORD);
  }

  @Test
  void anInvalidEditKeepsTheRunningJobsAndIsLoggedOnce() throws Exception {
    CliHarness.Result result;
    try (AgentRun agent = new AgentRun(cli, env, BEFORE)) {
      AgentRun.await(() -> agent.get("/ready").status() == 200, "ready");

      cli.write("agent.yaml", BEFORE.replace("'old {{ .user }}'", "'{{ .user | upprr }}'"));
      vault.put("secret", "app/db", Map.of("user", "app", "password", NEW_PASSWORD));

      AgentRun.await(() -> read("out/keep").equals("pw=" + NEW_PASSWORD), "old jobs still run");
      // A few more watch cycles over the same invalid file must not log the error again.
      Thread.sleep(2_500);
      assertThat(read("out/change")).isEqualTo("old app");
      result = agent.stop();
    }

    assertThat(result.stderr())
        .containsOnlyOnce("the changed config is invalid; keeping the current jobs")
        .contains("agent.secrets[1].template:1:12: unknown function \"upprr\"");
    assertThat(result.all()).doesNotContain(PASSWORD).doesNotContain(NEW_PASSWORD);
  }

  @Test
  void sighupReloadsTheConfig() throws Exception {
    CliHarness.Result result;
    try (AgentRun agent = new AgentRun(cli, env, BEFORE)) {
      AgentRun.await(() -> agent.get("/ready").status() == 200, "ready");

      Signal.raise(new Signal("HUP"));

      AgentRun.await(() -> agent.status().path("ready").asBoolean(), "still ready");
      Thread.sleep(1_500);
      result = agent.stop();
    }

    assertThat(result.stderr())
        .contains("config reloaded: 0 added, 0 changed, 0 removed, 2 unchanged");
  }

  @Test
  void withWatchConfigOffInTheEnvironmentAnEditWaitsForSighup() throws Exception {
    Map<String, String> noWatch = new HashMap<>(env);
    noWatch.put("SECRETSYNC_WATCH_CONFIG", "false");
    try (AgentRun agent = new AgentRun(cli, noWatch, BEFORE)) {
      AgentRun.await(() -> agent.get("/ready").status() == 200, "ready");

      cli.write("agent.yaml", AFTER);
      Thread.sleep(2_500); // two watch cycles, were the file watched

      assertThat(Files.exists(dir.resolve("out/extra"))).as("edit not applied").isFalse();
      Signal.raise(new Signal("HUP"));
      AgentRun.await(() -> read("out/extra").equals("extra app"), "applied on SIGHUP");
      agent.stop();
    }
  }

  @Test
  void aChangedSourceReplacesTheJobsThatReadIt() throws Exception {
    cli.write("a/app/db.yaml", "user: from-a\n");
    cli.write("b/app/db.yaml", "user: from-b\n");
    String config =
        """
        sources:
          files: {file: {path: a}}
        agent:
          secrets:
            - name: f
              source: files
              key: app/db
              destination: out/f
              template: '{{ .user }}'
        """;
    CliHarness.Result result;
    try (AgentRun agent = new AgentRun(cli, env, config)) {
      AgentRun.await(() -> read("out/f").equals("from-a"), "rendered from a");

      cli.write("agent.yaml", config.replace("path: a}", "path: b}"));

      AgentRun.await(() -> read("out/f").equals("from-b"), "re-rendered from b");
      result = agent.stop();
    }

    assertThat(result.stderr()).contains("config reloaded: 0 added, 1 changed, 0 removed");
  }

  private String read(String path) {
    try {
      return Files.readString(dir.resolve(path));
    } catch (IOException e) {
      return "";
    }
  }
}
