package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.GitHubEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code validate --check-github} (issue 12, user story 3) through the CLI against {@link
 * GitHubEmulator}: missing, drifted, unmanaged and no-longer-desired names, each with its
 * remediation, in human and JSON output — and not one write to GitHub or the merge store.
 */
class GitHubValidateTest extends GitHubTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REMEDIATION = "run: secretsync pipeline --targets ci-secrets";

  @BeforeEach
  void setUp() {
    config("");
  }

  private void config(String overrides) {
    cli.write(
        "secretsync.yaml",
        """
        sources:
          shared: {file: {path: sources/shared}}
        merge_store:
          directory: {path: merged}
        targets:
          ci-secrets:
            type: github
            imports: [shared]
            overrides: {%s}
            github: {owner: acme, repo: api, apps: [actions]}
        """
            .formatted(overrides));
  }

  private CliHarness.Result run(String... args) {
    CliHarness.Result r = checkedRun(args);
    assertThat(r.all()).doesNotContain("theirs-value").doesNotContain("rogue-value");
    return r;
  }

  private List<String> merged() throws Exception {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir.resolve("merged"))) {
      for (Path p : (Iterable<Path>) files::iterator) {
        out.add(p + (Files.isRegularFile(p) ? ":" + Files.getLastModifiedTime(p) : ""));
      }
    }
    return out;
  }

  /** After a sync: one name drifted, one new key missing, one new key clashing, one key gone. */
  private void diverge() {
    assertThat(run("pipeline", "--config", "secretsync.yaml").exitCode()).isZero();
    String drifted = gh.values("acme", "api", "actions").keySet().iterator().next();
    gh.putOutOfBand("acme", "api", "actions", drifted, "rogue-value");
    gh.putOutOfBand("acme", "api", "actions", "EXTRA_CLASH", "theirs-value");
    config("extra/missing: {one: fresh}, extra: {clash: mine}");
    gh.resetCounters();
  }

  @Test
  void missingDriftedAndUnmanagedNamesAreListedWithRemediationAndNothingIsWritten()
      throws Exception {
    diverge();
    String drifted = gh.values("acme", "api", "actions").keySet().iterator().next();
    List<String> before = merged();

    CliHarness.Result r = run("validate", "--config", "secretsync.yaml", "--check-github");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("targets.ci-secrets: actions/EXTRA_MISSING_ONE missing: new — " + REMEDIATION)
        .contains("targets.ci-secrets: actions/" + drifted + " drift: drift: changed outside")
        .contains(
            "targets.ci-secrets: actions/EXTRA_CLASH unmanaged: a secret named EXTRA_CLASH exists")
        .contains("set adopt_unmanaged: true on target ci-secrets")
        .contains("3 GitHub problem(s)");
    assertThat(gh.counts()).containsOnlyKeys("actions.list");
    assertThat(merged()).isEqualTo(before);
  }

  @Test
  void jsonListsEachFindingWithItsKindAndRemediation() throws Exception {
    diverge();

    CliHarness.Result r =
        run("validate", "--config", "secretsync.yaml", "--check-github", "-o", "json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    JsonNode check = JSON.readTree(r.stdout()).get("checks").get(0);
    assertThat(check.get("name").asText()).isEqualTo("github");
    assertThat(check.get("ok").asBoolean()).isFalse();
    List<String> kinds = new ArrayList<>();
    for (JsonNode f : check.get("findings")) {
      kinds.add(f.get("kind").asText() + " " + f.get("scope").asText());
      assertThat(f.get("remediation").asText()).contains(REMEDIATION);
    }
    assertThat(kinds)
        .hasSize(3)
        .contains("missing actions/EXTRA_MISSING_ONE", "unmanaged actions/EXTRA_CLASH")
        .anyMatch(k -> k.startsWith("drift actions/"));
    assertThat(gh.counts()).containsOnlyKeys("actions.list");
  }

  @Test
  void aConvergedRepositoryPassesWithOneListingAndNoWrite() {
    assertThat(run("pipeline", "--config", "secretsync.yaml").exitCode()).isZero();
    gh.resetCounters();

    CliHarness.Result r = run("validate", "--config", "secretsync.yaml", "--check-github");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("GitHub: 1 target(s) checked, converged");
    assertThat(gh.counts()).isEqualTo(Map.of("actions.list", 1L));
  }

  @Test
  void anOwnedNameNoLongerDesiredIsListedWithoutFailingUnderRetain() throws Exception {
    config("extra: {gone: soon}");
    assertThat(run("pipeline", "--config", "secretsync.yaml").exitCode()).isZero();
    config("");
    gh.resetCounters();

    CliHarness.Result r = run("validate", "--config", "secretsync.yaml", "--check-github");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stderr())
        .contains("warning: targets.ci-secrets: actions/EXTRA_GONE not_desired:")
        .contains("set deletion.policy: delete on target ci-secrets, then " + REMEDIATION);
    assertThat(gh.counts()).isEqualTo(Map.of("actions.list", 1L));
  }

  @Test
  void checkAllRunsEveryCheckThatAppliesAndSaysWhichHadNothingToCheck() {
    assertThat(run("pipeline", "--config", "secretsync.yaml").exitCode()).isZero();
    gh.resetCounters();

    CliHarness.Result r = run("validate", "--config", "secretsync.yaml", "--check-all");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout())
        .contains("Vault: 0 source(s) checked")
        .contains("AWS: 0 account/region/role location(s) checked")
        .contains("S3: no S3 merge store configured, nothing to check")
        .contains("GitHub: 1 target(s) checked, converged");
    assertThat(gh.counts()).isEqualTo(Map.of("actions.list", 1L));
  }
}
