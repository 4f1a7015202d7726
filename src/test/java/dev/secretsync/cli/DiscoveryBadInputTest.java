package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Bad dynamic_targets input: one clear line each, with the config path (and the account). */
class DiscoveryBadInputTest extends DiscoveryTestBase {
  static final String ALL = "organizations: {}";

  @Test
  void anOutputFormatOtherThanHumanOrJsonIsAUsageErrorLikeValidateAndHistory() {
    config(ALL, "name: \"acct-{{account_id}}\"\nimports: [base]\naccount_id: \"{{account_id}}\"");

    for (String command : new String[] {"discover", "validate", "history"}) {
      CliHarness.Result r =
          command.equals("history")
              ? run(command, "--config", "secretsync.yaml", "--target", "x", "-o", "ya\u001bml")
              : run(command, "--config", "secretsync.yaml", "-o", "ya\u001bml");

      assertThat(r.exitCode()).as(command).isEqualTo(2);
      assertThat(r.stderr())
          .as(command + ": one line, the control character shown, not sent")
          .isEqualTo("error: --output: \"ya\\u001bml\" is not human or json\n");
    }
  }

  @Test
  void anUnknownPlaceholderIsAConfigErrorBeforeAnyAwsCall() {
    config(ALL, "name: \"acct-{{account_id}}\"\nimports: [base]\naccount_id: \"{{acount_id}}\"");

    CliHarness.Result r = run("validate", "--config", "secretsync.yaml");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains(
            "secretsync.yaml:16:19: dynamic_targets.members.template.account_id: unknown"
                + " placeholder \"acount_id\" (known: account_id, account_name, account_email,"
                + " ou_id, ou_path, tags.<key>)");
    assertThat(aws.totalCalls()).isZero();
  }

  @Test
  void anUnknownTemplateKeyAndAnImportOfNothingAreConfigErrors() {
    config(ALL, "name: \"acct-{{account_id}}\"\nimports: [bse]\nacount_id: \"{{account_id}}\"");

    CliHarness.Result r = run("validate", "--config", "secretsync.yaml");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("dynamic_targets.members.template.acount_id: unknown key \"acount_id\"")
        .contains("dynamic_targets.members.template.imports[0]: unknown source or target \"bse\"");
  }

  @Test
  void generatedNamesThatClashAreAnErrorNamingBothAccounts() {
    config(ALL, "name: \"acct-{{ou_id}}\"\nimports: [base]\naccount_id: \"{{account_id}}\"");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .containsPattern(
            "secretsync.yaml:\\d+:\\d+: dynamic_targets.members.template.name: accounts \\d{12} and"
                + " \\d{12} both generate target \"acct-ou-ab12-\\d+\"; make the name unique");
    assertThat(aws.writeCount()).isZero();
  }

  @Test
  void aGeneratedNameThatIsAStaticTargetIsAnError() {
    config(
        "organizations: {ous: [%s]}".formatted(ous.get("Sandbox")),
        "name: \"{{ tags.team | default \\\"Shared\\\" }}\"\nimports: [base]\naccount_id: \"{{account_id}}\"");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains(
            "dynamic_targets.members.template.name: account 100000000007 (member-07) generates"
                + " target \"Shared\", which is a static target already (targets.Shared); change"
                + " the template name")
        .doesNotContain("Exception");
  }

  @Test
  void aGeneratedTargetThatBreaksATargetRuleNamesTheTemplateAndTheAccount() {
    config(ALL, "name: \"acct-{{account_id}}\"\nimports: [base]\naccount_id: \"{{account_name}}\"");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains(
            "dynamic_targets.members.template.account_id: an AWS account id is 12 digits (quote it"
                + " in YAML) (account 100000000000, target acct-100000000000)");
  }

  @Test
  void aPlaceholderWithoutValueFailsThatAccountOnlyAndTheOthersSync() {
    config(
        "organizations: {ous: [%s]}".formatted(ous.get("Payments")),
        "name: \"acct-{{account_id}}\"\nimports: [base]\naccount_id: \"{{account_id}}\"\n"
            + "name_prefix: \"{{tags.cost_center}}/\"");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(synced(id(4))).containsExactly("cc-4/config/app", "cc-4/credentials/api");
    assertThat(synced(id(12))).isEmpty();
    assertThat(r.stderr())
        .contains(
            "error: dynamic_targets.members: account 100000000012 (member-12):"
                + " dynamic_targets.members.template.name_prefix: placeholder {{tags.cost_center}}"
                + " has no value; set it on the account or write {{ tags.cost_center | default"
                + " \"…\" }}");
  }

  @Test
  void organizationsAccessDeniedIsOneLineNamingTheRole() {
    String role = "arn:aws:iam::999999999999:role/OrgReader";
    config(
        "organizations: {role_arn: \"%s\"}".formatted(role),
        "name: \"acct-{{account_id}}\"\nimports: [base]\naccount_id: \"{{account_id}}\"");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    String[] errors =
        Arrays.stream(r.stderr().split("\n"))
            .filter(l -> l.startsWith("error:"))
            .toArray(String[]::new);
    assertThat(errors)
        .containsExactly(
            "error: discovery: access denied: role "
                + role
                + " may not call organizations:ListRoots; the role must be in the management"
                + " account or a delegated administrator and allow organizations:ListRoots (see"
                + " docs/discovery.md#permissions)");
    assertThat(aws.writeCount()).isZero();
  }
}
