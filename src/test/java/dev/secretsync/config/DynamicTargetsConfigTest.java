package dev.secretsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** dynamic_targets binding, load-time checks and target generation (no AWS involved). */
class DynamicTargetsConfigTest {
  static final Set<String> PROVIDERS =
      Set.of("source:file", "target:aws_secretsmanager", "store:memory");
  static final Map<String, String> ENV = Map.of("PREFIX", "team");

  static String yaml(String block) {
    return """
        sources:
          base: {file: {path: base}}
        targets:
          Static: {account_id: "111111111111", imports: [base]}
        dynamic_targets:
          members:
        """
        + "    "
        + block.stripTrailing().stripIndent().replace("\n", "\n    ")
        + "\n";
  }

  static SecretSyncConfig parse(String yaml) {
    return new ConfigLoader(ENV, PROVIDERS)
        .parse(yaml, Path.of("/tmp/d/secretsync.yaml"), "s.yaml");
  }

  static List<String> problems(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
    assertThat(e).as("expected a ConfigException").isNotNull();
    return e.problems().stream().map(p -> p.path() + ": " + p.message()).toList();
  }

  @Test
  void bindsEveryDiscoverySetting() {
    SecretSyncConfig c =
        parse(
            yaml(
                """
                discovery:
                  organizations:
                    role_arn: arn:aws:iam::999999999999:role/OrgReader
                    ous: [ou-abcd-11111111]
                    recursive: false
                    status: [ACTIVE, SUSPENDED]
                    tags: {all: {env: "prod*"}, any: {team: [payments, "risk-*"], owner: x}}
                    exclude_accounts: ["123456789012"]
                  identity_center: {permission_set: AdministratorAccess, principal: {group: admins}}
                  cache: {ttl: 1h}
                template:
                  name: "acct-{{account_name}}"
                  imports: [base]
                  account_id: "{{account_id}}"
                  name_prefix: "{{tags.env}}/"
                """));

    DynamicTargetConfig d = c.dynamicTargets().get("members");
    assertThat(d.organizations().ous()).containsExactly("ou-abcd-11111111");
    assertThat(d.organizations().recursive()).isFalse();
    assertThat(d.organizations().tagsAny())
        .containsEntry("team", List.of("payments", "risk-*"))
        .containsEntry("owner", List.of("x"));
    assertThat(d.identityCenter())
        .isEqualTo(new DynamicTargetConfig.IdentityCenter("AdministratorAccess", "admins", ""));
    assertThat(d.cacheTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(d.template().references()).contains("account_name", "account_id", "tags.env");
    assertThat(d.needsTags()).isTrue();
  }

  @Test
  void loadTimeProblemsCarryTheirPaths() {
    List<String> p =
        problems(
            yaml(
                """
                discovery:
                  organizations:
                    role_arn: OrgReader
                    ous: [Workloads]
                    status: [GONE]
                    exclude_accounts: ["123"]
                  identity_center: {principal: {group: a, user: b}}
                template:
                  name: "fixed"
                  imports: [base]
                """));

    assertThat(p)
        .contains(
            "dynamic_targets.members.discovery.organizations.role_arn: expected a role ARN such as"
                + " arn:aws:iam::123456789012:role/Name",
            "dynamic_targets.members.discovery.organizations.ous[0]: \"Workloads\" is not an OU or"
                + " root id (ou-xxxx-xxxxxxxx or r-xxxx)",
            "dynamic_targets.members.discovery.organizations.status[0]: \"GONE\" is not an account"
                + " status (ACTIVE, SUSPENDED or PENDING_CLOSURE)",
            "dynamic_targets.members.discovery.organizations.exclude_accounts[0]: \"123\" is not an"
                + " AWS account id (12 digits; quote it in YAML)",
            "dynamic_targets.members.discovery.identity_center.permission_set: permission_set (its"
                + " name) is required",
            "dynamic_targets.members.discovery.identity_center.principal: give a group or a user,"
                + " not both",
            "dynamic_targets.members.template.name: a generated target name needs a placeholder"
                + " such as {{account_id}}, or every account generates the same name");
  }

  @Test
  void generationRendersPlaceholdersInterpolatesOnlyTheTemplateAndValidates() {
    SecretSyncConfig c =
        parse(
            yaml(
                """
                discovery: {organizations: {}}
                template:
                  name: "acct-{{account_id}}"
                  imports: [Static]
                  account_id: "{{account_id}}"
                  name_prefix: "${PREFIX}/{{ tags.env | default \\"dev\\" }}/"
                  kms_key_id: "{{account_name}}"
                  tags: {path: "{{ou_path}}"}
                """));
    AccountFacts a =
        new AccountFacts("222222222222", "pay$${PREFIX}", "a@x", "ou-1", "W/P", Map.of());

    TargetGenerator.Result r =
        new TargetGenerator(ENV, PROVIDERS).expand(c, Map.of("members", List.of(a)), "s.yaml");

    TargetConfig t = r.config().targets().get("acct-222222222222");
    assertThat(t.imports()).containsExactly("Static");
    assertThat(t.accountId()).isEqualTo("222222222222");
    assertThat(t.namePrefix()).isEqualTo("team/dev/");
    // an account name is data: its ${...} is never expanded from the environment
    assertThat(t.kmsKeyId()).isEqualTo("pay$${PREFIX}");
    assertThat(t.tags()).containsEntry("path", "W/P");
    assertThat(r.config().targets()).containsKey("Static");
  }

  @Test
  void theExampleConfigLoads() {
    SecretSyncConfig c =
        new ConfigLoader(
                Map.of(), Set.of("source:file", "target:aws_secretsmanager", "store:memory"))
            .load(
                Path.of("examples/discovery/secretsync.yaml"),
                "examples/discovery/secretsync.yaml");

    assertThat(c.dynamicTargets()).containsKey("payments-accounts");
    assertThat(c.dynamicTargets().get("payments-accounts").identityCenter().group())
        .isEqualTo("platform-admins");
  }
}
