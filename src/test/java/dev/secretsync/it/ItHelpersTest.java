package dev.secretsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.SeedFixture;
import dev.secretsync.testkit.VaultEmulator;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The helpers of the {@code *IT} tests, checked here where no Docker engine runs: {@link
 * VaultAdmin} seeds KV v1/v2 mounts and deletes secrets through the Vault API (against the
 * emulator), and {@link LatencyProxy} forwards the CLI's Vault traffic (LIST, bodies, headers,
 * 204s) unchanged while delaying every request; the Docker condition; and that {@code
 * docker-compose.test.yml} runs the images the tests pin.
 */
class ItHelpersTest {
  @TempDir Path dir;

  final VaultEmulator vault = VaultEmulator.start();

  @AfterEach
  void stop() {
    vault.close();
  }

  @Test
  void seededMountsReadThroughTheLatencyProxyGiveTheSeedScenario() {
    VaultAdmin admin = new VaultAdmin(vault.address(), vault.rootToken());
    admin.seed("t1", true);
    admin.delete("data-engineers-t1", 2, "team/members");
    admin.delete("shared-t1", 1, "config/common");
    Duration latency = Duration.ofMillis(25);
    ItCli cli =
        new ItCli(dir)
            .env("VAULT_TOKEN", vault.rootToken())
            .secret(vault.rootToken())
            .config(
                """
                sources:
                  analytics: {vault: {mount: analytics-t1}}
                  data-engineers: {vault: {mount: data-engineers-t1}}
                  shared: {vault: {mount: shared-t1}}
                targets:
                  Staging: {type: file, path: out/staging, imports: [analytics, data-engineers, shared]}
                """);
    vault.resetCounters();

    CliHarness.Result r;
    long started = System.nanoTime();
    try (LatencyProxy proxy = LatencyProxy.start(vault.address(), latency)) {
      r = cli.env("VAULT_ADDR", proxy.address()).pipeline("--parallelism", "1");
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(cli.secretFiles("out/staging")).as("10 seeded, 2 deleted").isEqualTo(8);
    assertThat(cli.readJson("out/staging/config/database.json"))
        .isEqualTo(SeedFixture.expectedStagingDatabase());
    assertThat(cli.readJson("out/staging/credentials/aws.json"))
        .as("KV v1")
        .isEqualTo(SeedFixture.sources().get("shared").get("credentials/aws"));
    assertThat(vault.count("kv.list")).isPositive();
    assertThat(vault.count("kv.read")).as("4 + 3 + 2: one GET per secret per source").isEqualTo(9);
    assertThat(elapsed).isGreaterThanOrEqualTo(latency.multipliedBy(vault.totalCalls()));
  }

  @Test
  void withoutDockerRealServiceTestsSkipUnlessDockerIsRequired() {
    assertThat(DockerCondition.evaluate(false, false).isDisabled()).isTrue();
    assertThat(DockerCondition.evaluate(true, false).isDisabled())
        .as("CI: fail, not skip")
        .isFalse();
    assertThat(DockerCondition.evaluate(false, true).isDisabled()).isFalse();
  }

  @Test
  void theComposeEnvironmentRunsTheImagesTheTestsPin() throws Exception {
    JsonNode services =
        new ObjectMapper(new YAMLFactory())
            .readTree(Path.of("docker-compose.test.yml").toFile())
            .path("services");

    assertThat(services.path("vault").path("image").asText()).isEqualTo(ItServices.VAULT_CURRENT);
    assertThat(services.path("localstack").path("image").asText()).isEqualTo(ItServices.LOCALSTACK);
    assertThat(services.path("it").path("environment").path(DockerCondition.REQUIRE).asText())
        .isEqualTo("true");
  }
}
