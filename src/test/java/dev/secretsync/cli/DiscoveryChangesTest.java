package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.testkit.AwsIdentityCenter;
import dev.secretsync.testkit.CliHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Identity Center filter, accounts leaving discovery, and where the cache lives. */
class DiscoveryChangesTest extends DiscoveryTestBase {
  static final String TEMPLATE =
      "name: \"acct-{{account_id}}\"\nimports: [base]\naccount_id: \"{{account_id}}\"";

  @Test
  void identityCenterKeepsOnlyAccountsWithThePermissionSetAssignedToTheGroup() throws Exception {
    AwsIdentityCenter ic = aws.identityCenter().enable(MGMT);
    String admin = ic.addPermissionSet("AdministratorAccess");
    String readOnly = ic.addPermissionSet("ReadOnly");
    for (int i : new int[] {1, 2, 3}) {
      ic.assignGroup(id(i), admin, "platform-admins");
    }
    ic.assignGroup(id(5), admin, "auditors");
    ic.assignUser(id(6), admin, "alice");
    ic.assignGroup(id(7), readOnly, "platform-admins");
    config(
        """
        organizations: {}
        identity_center:
          permission_set: AdministratorAccess
          principal: {group: platform-admins}
        """,
        TEMPLATE);

    CliHarness.Result r = run("discover", "--config", "secretsync.yaml", "-o", "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode block = new ObjectMapper().readTree(r.stdout()).path("dynamic_targets").get(0);
    assertThat(block.path("matched").findValuesAsText("account_id"))
        .containsExactlyInAnyOrder(id(1), id(2), id(3));
    assertThat(block.path("excluded").findValuesAsText("reason"))
        .contains("permission set AdministratorAccess not assigned to group platform-admins");
    // provisioned to 1,2,3,5,6: one ListAccountAssignments each, none for the others
    assertThat(aws.count("sso.ListAccountAssignments")).isEqualTo(5);
    assertThat(aws.count("identitystore.GetGroupId")).isEqualTo(1);
  }

  @Test
  void anAccountThatLeavesIsReportedOnceAndKeepsItsSecrets() {
    config("organizations: {ous: [%s]}\ncache: {ttl: 1h}".formatted(ous.get("Core")), TEMPLATE);
    assertThat(pipeline().exitCode()).isZero();
    assertThat(synced(id(1))).hasSize(2);
    aws.organization().removeAccount(id(1));
    long writesBefore = aws.writeCount(id(1));

    CliHarness.Result cached = pipeline();
    CliHarness.Result refreshed = pipeline("--refresh-discovery");
    CliHarness.Result again = pipeline("--refresh-discovery");

    assertThat(cached.stderr()).doesNotContain("no longer matched");
    assertThat(refreshed.exitCode()).as(refreshed.toString()).isZero();
    assertThat(refreshed.stderr())
        .containsOnlyOnce(
            "warning: account 100000000001 (member-01) is no longer matched by"
                + " dynamic_targets.members; its target is no longer synced and its secrets were"
                + " left as they are");
    assertThat(again.stderr()).doesNotContain("no longer matched");
    assertThat(synced(id(1))).hasSize(2);
    assertThat(aws.writeCount(id(1))).isEqualTo(writesBefore);
  }

  @Test
  void withTheMemoryStoreTheCacheIsAFileBesideTheConfigWithoutSecrets() throws Exception {
    config("organizations: {}\ncache: {ttl: 1h}", TEMPLATE);

    assertThat(pipeline("--dry-run").exitCode()).isZero();
    Path cache = dir.resolve(".secretsync/cache/discovery.members.json");
    boolean writtenByDryRun = Files.exists(cache);
    assertThat(run("pipeline", "--config", "secretsync.yaml", "--merge-only").exitCode()).isZero();

    assertThat(writtenByDryRun).isFalse();
    String text = Files.readString(cache);
    assertThat(text).contains(id(0)).contains("\"listed_at\"");
    VALUES.forEach(v -> assertThat(text).doesNotContain(v));
  }

  @Test
  void withADirectoryMergeStoreTheListingIsARecordThere() {
    config("organizations: {}\ncache: {ttl: 1h}", TEMPLATE);
    cli.write(
        "secretsync.yaml",
        read("secretsync.yaml")
            .replace("\ntargets:\n", "\nmerge_store: {directory: {path: merged}}\ntargets:\n"));
    CliHarness.Result first = run("pipeline", "--config", "secretsync.yaml", "--merge-only");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    aws.resetCounters();

    CliHarness.Result second = run("pipeline", "--config", "secretsync.yaml", "--merge-only");

    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(organizationsCalls()).isZero();
    assertThat(dir.resolve(".secretsync")).doesNotExist();
  }

  private String read(String name) {
    try {
      return Files.readString(dir.resolve(name));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
