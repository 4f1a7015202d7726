package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.secretsync.core.CanonicalJson;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.GitHubEmulator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The github target through the CLI against {@link GitHubEmulator}: the seed's Production bundle
 * synced to a repository's Actions and Dependabot secrets, no-op runs, one-field changes, drift,
 * ownership and deletion — and never a value or a sealed box in the output.
 */
class GitHubTargetTest extends GitHubTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeEach
  void setUp() {
    config("", "");
  }

  private void config(String productionExtra, String githubExtra) {
    cli.write(
        "secretsync.yaml",
        """
        sources:
          analytics: {file: {path: sources/analytics}}
          data-engineers: {file: {path: sources/data-engineers}}
          shared: {file: {path: sources/shared}}
        merge_store:
          directory: {path: merged}
        targets:
          Staging: {type: file, path: out/staging, imports: [analytics, data-engineers, shared]}
          Production:
            type: github
            imports: [Staging]
        %s
            github: {owner: acme, repo: api, apps: [actions, dependabot], writes_per_minute: 1000%s}
        """
            .formatted(productionExtra.isEmpty() ? "" : "    " + productionExtra, githubExtra));
  }

  private CliHarness.Result pipeline(String... extra) {
    return checkedPipeline(extra);
  }

  /** What GitHub should hold: every field of the merged bundle, named KEY_FIELD. */
  private Map<String, String> expected() throws IOException {
    Map<String, String> out = new TreeMap<>();
    Path root = dir.resolve("out/staging");
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json"))::iterator) {
        String name = root.relativize(p).toString();
        if (name.startsWith(".")) {
          continue;
        }
        String key = name.substring(0, name.length() - ".json".length());
        Map<?, ?> secret = JSON.readValue(p.toFile(), Map.class);
        secret.forEach(
            (field, v) ->
                out.put(
                    (key + "_" + field).replaceAll("[^A-Za-z0-9_]", "_").toUpperCase(),
                    v instanceof String s ? s : CanonicalJson.write(v)));
      }
    }
    return out;
  }

  @Test
  void productionBundleReachesActionsAndDependabotAndDecryptsToTheDesiredValues()
      throws IOException {
    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    Map<String, String> expected = expected();
    assertThat(expected).containsKeys("CONFIG_DATABASE_HOST", "CREDENTIALS_SNOWFLAKE_PASSWORD");
    assertThat(gh.values("acme", "api", "actions")).isEqualTo(expected);
    assertThat(gh.values("acme", "api", "dependabot")).isEqualTo(expected);
    assertThat(gh.count("public-key")).isEqualTo(2);
  }

  @Test
  void secondRunListsOncePerAppAndWritesNothing() {
    assertThat(pipeline().exitCode()).isZero();
    gh.resetCounters();

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(gh.count("put")).isZero();
    assertThat(gh.count("delete")).isZero();
    assertThat(gh.counts()).isEqualTo(Map.of("actions.list", 1L, "dependabot.list", 1L));
  }

  @Test
  void changingOneFieldPutsExactlyThatSecretOncePerApp() {
    assertThat(pipeline().exitCode()).isZero();
    config("overrides: {config/database: {host: replica.internal}}", "");
    gh.resetCounters();

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(gh.count("actions.put")).isEqualTo(1);
    assertThat(gh.count("dependabot.put")).isEqualTo(1);
    assertThat(gh.values("acme", "api", "actions"))
        .containsEntry("CONFIG_DATABASE_HOST", "replica.internal");
  }

  @Test
  void anOutOfBandChangeIsPlannedAsDriftAndOnePutRepairsIt() throws IOException {
    assertThat(pipeline().exitCode()).isZero();
    String desired = gh.values("acme", "api", "actions").get("CONFIG_DATABASE_HOST");
    gh.putOutOfBand("acme", "api", "actions", "CONFIG_DATABASE_HOST", "rogue.example");
    gh.resetCounters();

    CliHarness.Result plan = pipeline("--dry-run", "--diff");
    CliHarness.Result repair = pipeline();

    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(plan.stdout()).contains("actions/CONFIG_DATABASE_HOST").contains("drift");
    assertThat(plan.all()).doesNotContain("rogue.example");
    assertThat(repair.exitCode()).as(repair.toString()).isZero();
    assertThat(gh.count("put")).isEqualTo(1);
    assertThat(gh.values("acme", "api", "actions")).containsEntry("CONFIG_DATABASE_HOST", desired);
  }

  @Test
  void anUnmanagedSecretWithADesiredNameIsRefusedThenAdopted() {
    gh.putOutOfBand("acme", "api", "actions", "CONFIG_DATABASE_HOST", "theirs-host");

    CliHarness.Result refused = pipeline();

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.all())
        .contains("CONFIG_DATABASE_HOST")
        .contains("is not managed by secretsync")
        .contains("adopt_unmanaged");
    assertThat(gh.values("acme", "api", "actions"))
        .containsEntry("CONFIG_DATABASE_HOST", "theirs-host");

    config("adopt_unmanaged: true", "");
    CliHarness.Result adopted = pipeline();

    assertThat(adopted.exitCode()).as(adopted.toString()).isZero();
    assertThat(gh.values("acme", "api", "actions"))
        .containsEntry("CONFIG_DATABASE_HOST", "engineers-db.internal");
  }

  @Test
  void removingAKeyDeletesOnlyOurNames() throws IOException {
    config("deletion: {policy: delete}", "");
    assertThat(pipeline().exitCode()).isZero();
    gh.putOutOfBand("acme", "api", "actions", "SOMEONE_ELSES", "keep-me-please");
    Files.delete(dir.resolve("sources/shared/credentials/aws.json"));
    gh.resetCounters();

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(gh.count("actions.delete")).isEqualTo(2);
    assertThat(gh.values("acme", "api", "actions"))
        .doesNotContainKeys("CREDENTIALS_AWS_ROLE_ARN", "CREDENTIALS_AWS_EXTERNAL_ID")
        .containsKey("SOMEONE_ELSES")
        .containsKey("CONFIG_DATABASE_HOST");
  }

  @Test
  void reservedAndExcludedNamesAreNeverWritten() {
    cli.write("sources/shared/runner.json", "{\"temp\": \"x-runner-temp\"}");
    cli.write("sources/shared/github.json", "{\"token\": \"x-github-token\"}");
    config("", ", exclude: [\"CERTIFICATES_*\"]");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(gh.values("acme", "api", "actions"))
        .doesNotContainKeys("RUNNER_TEMP", "GITHUB_TOKEN", "CERTIFICATES_ROOT_CA_CERTIFICATE")
        .containsKey("CONFIG_DATABASE_HOST");
    assertThat(r.all()).contains("skipped RUNNER_TEMP").contains("excluded by CERTIFICATES_*");
  }

  @Test
  void aRejectedTokenFailsInOneLineNamingTheMethod() {
    env = Map.of("GITHUB_TOKEN", "ghp_wrong", "GITHUB_API_URL", gh.apiUrl());

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.all())
        .contains("GitHub rejected the token from GITHUB_TOKEN (401 Bad credentials)")
        .doesNotContain("ghp_wrong");
    assertThat(gh.count("put")).isZero();
  }

  @Test
  void withoutATokenTheTargetSaysWhatToSet() {
    env = Map.of("GITHUB_API_URL", gh.apiUrl());

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.all()).contains("no GitHub token — set GITHUB_TOKEN (or GH_TOKEN)");
  }

  @Test
  void ghTokenIsUsedWhenGithubTokenIsUnsetAndASecondaryLimitIsWaitedOut() {
    env = Map.of("GH_TOKEN", gh.token(), "GITHUB_API_URL", gh.apiUrl());
    gh.secondaryLimitNext(1, 1);

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(gh.values("acme", "api", "actions")).containsKey("CONFIG_DATABASE_HOST");
  }

  @Test
  void aPlanLargerThanTheRemainingRateLimitStopsBeforeAnyWrite() {
    gh.rateLimitRemaining(12);

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.all())
        .contains("GitHub API requests but only 10 remain of the rate limit, which resets at")
        .contains("nothing was written");
    assertThat(gh.count("put")).isZero();
    assertThat(gh.count("public-key")).isZero();
  }

  @Test
  void withTheMemoryStoreExistingNamesAreUnmanagedAndTheRunWarns() {
    cli.write(
        "secretsync.yaml",
        """
        sources:
          shared: {file: {path: sources/shared}}
        targets:
          ci: {type: github, imports: [shared], github: {owner: acme, repo: api}}
        """);
    assertThat(pipeline().exitCode()).isZero();

    CliHarness.Result second = pipeline();

    assertThat(second.exitCode()).isEqualTo(1);
    assertThat(second.all())
        .contains("the merge store is memory")
        .contains("is not managed by secretsync");
    assertThat(gh.count("delete")).isZero();
  }

  @Test
  void requestsRateLimitAndTheGithubBreakerAreExported() throws IOException {
    AtomicReference<String> pushed = new AtomicReference<>("");
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
      r = pipeline("--metrics-push-url", "http://127.0.0.1:" + gateway.getAddress().getPort());
    } finally {
      gateway.stop(0);
    }

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(pushed.get())
        .contains(
            "secretsync_github_requests_total{operation=\"actions.put\"} "
                + gh.count("actions.put"))
        .contains("secretsync_github_requests_total{operation=\"dependabot.list\"} 1")
        .contains("secretsync_github_rate_limit_remaining ")
        .contains(
            "secretsync_circuit_breaker_state{service=\"github:"
                + gh.apiUrl()
                + "\",state=\"closed\"} 1");
  }

  @Test
  void theStateRecordKeepsAGeneratedKeyButNeverAConfiguredOne() throws IOException {
    assertThat(pipeline().exitCode()).isZero();
    assertThat(record()).containsKeys("key", "key_id", "secrets");
    env.put("SECRETSYNC_FINGERPRINT_KEY", "a-configured-fingerprint-key-0123456789");

    CliHarness.Result r = pipeline("--diff");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("the fingerprint key changed; rewrite");
    assertThat(record()).doesNotContainKey("key").containsKeys("key_id", "secrets");
  }

  /** The target's state record as the directory merge store keeps it. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> record() throws IOException {
    Map<String, Object> file =
        JSON.readValue(dir.resolve("merged/_record.github.Production.json").toFile(), Map.class);
    return (Map<String, Object>) ((Map<String, Object>) file.get("secrets")).get("record");
  }
}
