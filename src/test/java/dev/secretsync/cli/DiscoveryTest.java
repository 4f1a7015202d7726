package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.testkit.AwsEmulator;
import dev.secretsync.testkit.CliHarness;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** dynamic_targets through the CLI: discovery, generated targets, cache, discover, graph. */
class DiscoveryTest extends DiscoveryTestBase {
  static final String PAYMENTS_PROD =
      """
        organizations:
          tags: {all: {env: "prod*"}, any: {team: [payments, "risk-*"]}}
        cache: {ttl: 1h}
      """;
  static final String TEMPLATE =
      """
      name: "acct-{{account_name}}"
      imports: [base]
      account_id: "{{account_id}}"
      name_prefix: "{{tags.env}}/"
      tags: {cost-center: "{{tags.cost_center}}", ou: "{{ ou_path | default \\"root\\" }}"}
      """;

  static final List<String> OU_PATHS =
      List.of("Workloads/Prod/Payments", "Workloads/Prod/Core", "Workloads/NonProd/Dev", "Sandbox");

  @Test
  void tagFiltersSelectTheAccountsAndGeneratedTargetsSyncIntoEach() {
    config(PAYMENTS_PROD, TEMPLATE);

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    for (int i = 0; i < 60; i++) {
      List<String> names = synced(id(i));
      if (i < 4) {
        assertThat(names)
            .containsExactly("prod-" + i + "/config/app", "prod-" + i + "/credentials/api");
        assertThat(aws.secret(id(i), REGION, "prod-" + i + "/config/app").orElseThrow().tags())
            .containsEntry("cost-center", "cc-" + i)
            .containsEntry("ou", OU_PATHS.get(i % 4))
            .containsEntry("secretsync:target", "acct-" + name(i));
      } else {
        assertThat(names).as("account %d", i).isEmpty();
      }
    }
    Map<String, Long> assumed =
        aws.assumeRoleCalls().stream()
            .collect(
                Collectors.groupingBy(AwsEmulator.AssumeRoleCall::roleArn, Collectors.counting()));
    assertThat(assumed)
        .containsOnlyKeys(
            IntStream.range(0, 4)
                .mapToObj(i -> "arn:aws:iam::" + id(i) + ":role/SecretSync")
                .toList())
        .allSatisfy((role, n) -> assertThat(n).as(role).isEqualTo(1));
    assertThat(r.stderr())
        .contains(
            "discovery members: 60 accounts seen, 4 matched, 56 excluded (5 status, 51 tags)");
  }

  @Test
  void withinTheTtlASecondRunMakesNoOrganizationsCallAndRefreshListsOnce() {
    config(PAYMENTS_PROD, TEMPLATE);
    assertThat(pipeline().exitCode()).isZero();
    aws.resetCounters();

    CliHarness.Result second = pipeline();
    long cachedCalls = organizationsCalls();
    long writes = aws.writeCount();
    aws.resetCounters();
    CliHarness.Result refreshed = pipeline("--refresh-discovery");

    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(cachedCalls).isZero();
    assertThat(writes).isZero();
    assertThat(second.stderr()).contains("from cache");
    assertThat(refreshed.exitCode()).as(refreshed.toString()).isZero();
    assertThat(aws.count("organizations.ListRoots")).isEqualTo(1);
    // 7 OUs + root walked once; accounts of 8 parents; tags of the 55 active accounts only
    assertThat(aws.count("organizations.ListOrganizationalUnitsForParent")).isEqualTo(8);
    assertThat(aws.count("organizations.ListTagsForResource")).isEqualTo(55);
  }

  @Test
  void statusOuAndExcludeFiltersAndADryRunOverManyGeneratedTargets() {
    config(
        """
          organizations:
            ous: [%s]
            exclude_accounts: ["%s"]
        """
            .formatted(ous.get("Workloads"), id(0)),
        """
        name: "acct-{{account_id}}"
        imports: [base]
        account_id: "{{account_id}}"
        """);

    CliHarness.Result r = pipeline("--dry-run", "-o", "json");

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(aws.writeCount()).isZero();
    // Workloads holds accounts i % 4 in {0,1,2}: 45, minus 4 suspended (50, 52, 53, 54 → 50,52,53
    // are i%4 in {2,0,1}; 51 and 54 too: count them) and the excluded account 0.
    long expected =
        IntStream.range(0, 60).filter(i -> i % 4 != 3 && !(i >= 50 && i < 55) && i != 0).count();
    assertThat(r.stdout()).contains("\"acct-" + id(1) + "\"");
    assertThat(r.stderr()).contains(expected + " matched");
    assertThat(aws.assumeRoleCalls()).hasSize((int) expected);
  }

  @Test
  void discoverListsAccountsTargetsAndExclusionsAsJsonAndWritesNothing() throws Exception {
    config(PAYMENTS_PROD, TEMPLATE);

    CliHarness.Result r = run("discover", "--config", "secretsync.yaml", "-o", "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode block = new ObjectMapper().readTree(r.stdout()).path("dynamic_targets").get(0);
    assertThat(block.path("accounts_seen").asInt()).isEqualTo(60);
    assertThat(block.path("matched").findValuesAsText("target"))
        .containsExactlyInAnyOrder(
            "acct-member-00", "acct-member-01", "acct-member-02", "acct-member-03");
    JsonNode excluded = block.path("excluded");
    assertThat(excluded).hasSize(56);
    assertThat(excluded.findValuesAsText("reason")).contains("status SUSPENDED", "no tag env");
    assertThat(aws.writeCount()).isZero();
    assertThat(aws.assumeRoleCalls()).isEmpty();
    assertThat(dir.resolve(".secretsync")).doesNotExist();
  }

  @Test
  void discoverInHumanFormShowsEachAccountTargetAndReason() {
    config(PAYMENTS_PROD, TEMPLATE);

    CliHarness.Result r = run("discover", "--config", "secretsync.yaml");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout())
        .contains("dynamic_targets.members:")
        .contains("matched (4):")
        .containsPattern("100000000001  member-01 +Workloads/Prod/Core +-> acct-member-01")
        .contains("excluded (56):")
        .containsPattern("100000000050  member-50 +status SUSPENDED")
        .containsPattern("100000000020  member-20 +no tag env");
  }

  @Test
  void graphShowsGeneratedTargets() {
    config(PAYMENTS_PROD, TEMPLATE.replace("imports: [base]", "imports: [Shared]"));

    CliHarness.Result r = run("graph", "--config", "secretsync.yaml");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("acct-member-03 <- Shared").contains("Shared <- base");
  }
}
