package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.SeedFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code policies:} through the CLI against the AWS emulator: deny writes nothing, warn reports.
 */
class PolicyChecksTest extends AwsTestBase {

  private void configure(String stagingExtra, String policies) {
    cli.write("secretsync.yaml", awsConfig(stagingExtra) + "policies:\n" + policies);
  }

  @Test
  void aDeniedTargetWritesNothingAndTheOthersGoAhead() {
    configure("", "  - {name: small-staging, max_changes: {targets: [Demo], count: 3}}\n");

    CliHarness.Result plan = pipeline("--dry-run");
    assertThat(plan.stdout())
        .contains("would be denied by policy small-staging: the plan has")
        .contains("more than 3");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("denied by policy small-staging")
        .contains("nothing was written");
    assertThat(synced(DEMO)).as("secrets in the denied target's account").isEmpty();
    assertThat(synced(STAGING)).isNotEmpty();
    assertThat(synced(PRODUCTION)).isNotEmpty();
  }

  @Test
  void aWarnRuleReportsInEveryFormatAndWritesAnyway() {
    configure(
        "",
        "  - {name: small-staging, severity: warn, max_changes: {targets: [Staging], count: 3}}\n");

    CliHarness.Result github = pipeline("--dry-run", "-o", "github");
    assertThat(github.stdout())
        .contains("::warning title=SecretSync::target Staging: policy small-staging (warn)");
    CliHarness.Result json = pipeline("--dry-run", "-o", "json");
    assertThat(json.stdout()).contains("policy small-staging (warn): the plan has");

    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.stdout()).contains("warning: target Staging: policy small-staging (warn)");
    assertThat(synced(STAGING)).isNotEmpty();
  }

  @Test
  void accountsAndTagsAreChecked() {
    configure(
        "",
        """
          - {name: known-accounts, allowed_accounts: ["111111111111", "222222222222"]}
          - {name: owner-tag, severity: warn, require_tags: [owner]}
        """);

    CliHarness.Result r = pipeline("-o", "github");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("::error title=SecretSync Demo::denied by policy known-accounts: account")
        .contains("333333333333 is not in allowed_accounts")
        .contains("policy owner-tag (warn): the target's tags lack owner");
    assertThat(synced(DEMO)).isEmpty();
    assertThat(synced(PRODUCTION)).isNotEmpty();
  }

  @Test
  void aFreezeWindowStopsChangesInsideItOnly() {
    Instant now = Instant.now();
    String rule = "  - name: year-end\n    freeze: {from: \"%s\", to: \"%s\"}\n";
    configure("", rule.formatted(now.minusSeconds(3600), now.plusSeconds(3600)));
    CliHarness.Result frozen = pipeline();
    assertThat(frozen.exitCode()).isEqualTo(1);
    assertThat(frozen.stdout()).contains("denied by policy year-end: changes are frozen from");
    assertThat(synced(STAGING)).isEmpty();

    configure("", rule.formatted(now.plusSeconds(3600), now.plusSeconds(7200)));
    CliHarness.Result later = pipeline();
    assertThat(later.exitCode()).as(later.all()).isZero();
    assertThat(synced(STAGING)).isNotEmpty();
  }

  @Test
  void namePatternsAndPlaintextPatternsNameFieldsNeverValues() {
    configure(
        "",
        """
          - {name: config-only, name_pattern: {targets: [Demo], regex: "^config/"}}
          - {name: no-plaintext, forbid_plaintext_patterns: {targets: [Demo], patterns: ["."]}}
        """);

    CliHarness.Result r = pipeline("--dry-run", "-o", "json");

    assertThat(r.stdout())
        .contains("would be denied by policy config-only:")
        .contains("do not match ^config/")
        .contains("policy no-plaintext:")
        .contains("field(s) look like credentials");
    for (String v : SeedFixture.secretValues()) {
      assertThat(r.all()).doesNotContain(v);
    }
  }

  @Test
  void forbidDeleteStopsADeletionAndNothingIsDeleted() throws IOException {
    configure(
        "deletion: {policy: delete}",
        "  - {name: keep-staging, forbid_delete: {targets: [Staging]}}\n");
    assertThat(pipeline().exitCode()).isZero();
    int before = synced(STAGING).size();
    Path victim;
    try (Stream<Path> files = Files.walk(dir.resolve("sources/analytics"))) {
      victim = files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
    }
    Files.delete(victim);

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("denied by policy keep-staging: the plan deletes 1 secret(s)");
    assertThat(synced(STAGING)).hasSize(before);
  }

  @Test
  void validateChecksTheRulesThemselves() {
    configure(
        "",
        """
          - {name: a, max_changes: {targets: [Stagin], count: 3}}
          - {name: b, name_pattern: {regex: "([unclosed"}}
          - {name: c, allowed_accounts: ["12345"]}
          - {name: d, forbid_delete: {}, max_changes: {count: 1}}
          - {name: e, freeze: {from: "2026-12-24T00:00:00Z", to: "2026-12-20T00:00:00Z"}}
        """);

    CliHarness.Result r = cli.run(env(), "validate", "--config", "secretsync.yaml");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.all())
        .contains("policies[0].max_changes.targets: unknown target \"Stagin\"")
        .contains("policies[1].name_pattern.regex: invalid regex")
        .contains("\"12345\" is not a 12-digit AWS account id")
        .contains("policies[3]: two rules (forbid_delete, max_changes)")
        .contains("policies[4].freeze.to: must be after from");
    assertThat(aws.totalCalls()).isZero();
  }
}
