package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.core.CanonicalJson;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.GitHubEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's Production bundle through the CLI into every GitHub scope at once, against {@link
 * GitHubEmulator}: a repository (Actions and Dependabot) that also manages its environments ({@code
 * tiers: default}), the production environment's secrets, and organisation secrets for selected
 * repositories — every value decrypts to the desired one, a second run writes nothing, access and
 * environment rules are part of the plan, and no value or sealed box reaches the output.
 */
class GitHubScopesTest extends GitHubTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  GitHubEmulator emulator() {
    GitHubEmulator emulator = GitHubEmulator.start().repo("acme", "api").repo("acme", "web");
    emulator.accounts().org("acme");
    emulator.accounts().user("alice");
    emulator.accounts().team("acme", "platform");
    return emulator;
  }

  @BeforeEach
  void setUp() {
    config("{tiers: default, reviewers: [alice, acme/platform]}", "[api, web]");
  }

  private void config(String environments, String selected) {
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
            github:
              owner: acme
              repo: api
              apps: [actions, dependabot]
              writes_per_minute: 1000  # the seed's first sync is over 60 writes
              environments: %s
          ProductionEnv:
            type: github
            imports: [Production]
            github: {scope: environment, owner: acme, repo: api, environment: production, writes_per_minute: 1000}
          ProductionOrg:
            type: github
            imports: [Production]
            github:
              scope: org
              owner: acme
              apps: [actions, dependabot]
              writes_per_minute: 1000
              visibility: selected
              selected_repositories: %s
        """
            .formatted(environments, selected));
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
  void everyScopeHoldsTheProductionBundleAndTheTiersExist() throws IOException {
    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    Map<String, String> expected = expected();
    assertThat(expected).containsKey("CREDENTIALS_SNOWFLAKE_PASSWORD");
    assertThat(gh.values("acme", "api", "actions")).isEqualTo(expected);
    assertThat(gh.values("acme", "api", "dependabot")).isEqualTo(expected);
    assertThat(gh.environmentValues("acme", "api", "production")).isEqualTo(expected);
    assertThat(gh.orgValues("acme", "actions")).isEqualTo(expected);
    assertThat(gh.orgValues("acme", "dependabot")).isEqualTo(expected);
    Set<Long> ids =
        Set.of(
            gh.accounts().repositoryId("acme", "api"), gh.accounts().repositoryId("acme", "web"));
    assertThat(gh.orgAccess("acme", "dependabot", "CREDENTIALS_SNOWFLAKE_PASSWORD").orElseThrow())
        .isEqualTo(Map.entry("selected", ids));
    assertThat(gh.environments().json("acme", "api", "dev").orElseThrow().get("protection_rules"))
        .asList()
        .isEmpty();
    Map<String, Object> production =
        gh.environments().json("acme", "api", "production").orElseThrow();
    assertThat(production.get("protection_rules").toString()).contains("required_reviewers");
    assertThat(production.get("deployment_branch_policy"))
        .isEqualTo(Map.of("protected_branches", true, "custom_branch_policies", false));
    assertThat(r.stdout()).contains("environment/production").contains("environment/dev");
    assertThat(gh.count("users.get")).isEqualTo(1);
    assertThat(gh.count("teams.get")).isEqualTo(1);
  }

  @Test
  void secondRunWritesNothingAndListsOncePerScope() {
    assertThat(pipeline().exitCode()).isZero();
    gh.resetCounters();

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(gh.count("put")).isZero();
    assertThat(gh.count("delete")).isZero();
    assertThat(gh.count("branch-policies.create")).isZero();
    assertThat(gh.counts())
        .containsEntry("actions.list", 1L)
        .containsEntry("dependabot.list", 1L)
        .containsEntry("env-actions.list", 1L)
        .containsEntry("org-actions.list", 1L)
        .containsEntry("org-dependabot.list", 1L)
        .containsEntry("environments.list", 1L)
        .containsEntry("repos.get", 2L)
        .doesNotContainKey("environments.get");
  }

  @Test
  void aChangedSelectionUpdatesTheOrgSecretsOnly() {
    assertThat(pipeline().exitCode()).isZero();
    config("{tiers: default, reviewers: [alice, acme/platform]}", "[api]");
    gh.resetCounters();

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("access changed");
    assertThat(gh.count("org-actions.put")).isEqualTo(gh.orgValues("acme", "actions").size());
    assertThat(gh.count("org-dependabot.put")).isEqualTo(gh.orgValues("acme", "dependabot").size());
    assertThat(gh.count("put"))
        .isEqualTo(gh.count("org-actions.put") + gh.count("org-dependabot.put"));
    assertThat(gh.orgAccess("acme", "actions", "CREDENTIALS_SNOWFLAKE_PASSWORD").orElseThrow())
        .isEqualTo(Map.entry("selected", Set.of(gh.accounts().repositoryId("acme", "api"))));
  }

  @Test
  void aVisibilityChangedOutOfBandIsPutBack() {
    assertThat(pipeline().exitCode()).isZero();
    gh.setOrgVisibility("acme", "actions", "CREDENTIALS_SNOWFLAKE_PASSWORD", "all");
    gh.resetCounters();

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(gh.count("put")).isEqualTo(1);
    assertThat(
            gh.orgAccess("acme", "actions", "CREDENTIALS_SNOWFLAKE_PASSWORD")
                .orElseThrow()
                .getKey())
        .isEqualTo("selected");
  }

  @Test
  void changedEnvironmentRulesAreOnePutAndADryRunOnlySaysSo() {
    assertThat(pipeline().exitCode()).isZero();
    config("{tiers: default, reviewers: [alice]}", "[api, web]");
    gh.resetCounters();

    CliHarness.Result dry = pipeline("--dry-run");
    long afterDry = gh.count("put");
    CliHarness.Result r = pipeline();

    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(dry.stdout()).contains("environment/staging").contains("reviewers differ");
    assertThat(afterDry).isZero();
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(gh.count("environments.put")).isEqualTo(2);
    assertThat(gh.count("put")).isEqualTo(2);
  }

  @Test
  void customBranchPatternsAreCreatedThenLeftAlone() {
    config(
        "[{name: production, wait_timer: 5, reviewers: [alice],"
            + " deployment_branch_policy: [main, \"release/*\"]}]",
        "[api, web]");

    CliHarness.Result first = pipeline();
    gh.resetCounters();
    CliHarness.Result second = pipeline();

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(gh.environments().patterns("acme", "api", "production"))
        .containsExactlyInAnyOrder("main", "release/*");
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(gh.count("put")).isZero();
    assertThat(gh.count("branch-policies.create")).isZero();
    assertThat(gh.count("branch-policies.list")).isEqualTo(1);
  }

  @Test
  void anUnknownReviewerIsAnErrorNamingItAndNothingIsWritten() {
    config("{tiers: default, reviewers: [alice, acme/nobody]}", "[api]");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.all()).contains("reviewer team acme/nobody does not exist");
    assertThat(gh.count("put")).isZero();
  }

  @Test
  void anUnknownSelectedRepositoryIsAnErrorNamingIt() {
    config("{tiers: default, reviewers: [alice]}", "[api, ghost]");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.all())
        .contains(
            "target ProductionOrg: repository acme/ghost (in selected_repositories) does not exist");
    assertThat(gh.orgValues("acme", "actions")).isEmpty();
  }

  @Test
  void anEnvironmentThatNobodyCreatesIsAClearError() {
    config("{tiers: default, reviewers: [alice]}", "[api]");
    cli.write("secretsync.yaml", read().replace("environment: production", "environment: qa"));

    CliHarness.Result r = pipeline("--targets", "ProductionEnv");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.all())
        .contains("environment qa does not exist in acme/api; nothing was written")
        .contains("declare it under github.environments");
    assertThat(gh.count("put")).isZero();
  }

  private String read() {
    try {
      return Files.readString(dir.resolve("secretsync.yaml"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
