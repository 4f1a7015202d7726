package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.AwsEmulator;
import dev.secretsync.testkit.AwsOrganization;
import dev.secretsync.testkit.CliHarness;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * An organisation of 60 accounts in three levels of OUs in the AWS emulator, and a small file
 * source (two secrets) for the generated targets to sync:
 *
 * <pre>
 * Root ─ Workloads ─ Prod ─── Payments   accounts i % 4 == 0
 *      │           │      └─ Core       accounts i % 4 == 1
 *      │           └─ NonProd ─ Dev     accounts i % 4 == 2
 *      └─ Sandbox                       accounts i % 4 == 3
 * </pre>
 *
 * Accounts 0–9 are tagged {@code env=prod-<i>}, of which 0–3 {@code team=payments}; accounts 50–54
 * are SUSPENDED. Account ids are {@code 1000000000NN}, names {@code member-NN}.
 */
abstract class DiscoveryTestBase {
  static final String MGMT = AwsEmulator.DEFAULT_ACCOUNT;
  static final String REGION = "us-east-1";
  static final List<String> VALUES = List.of("disc-value-Xq81", "disc-token-Lm27");
  static final List<String> ORG_OPS =
      List.of(
          "ListRoots",
          "ListOrganizationalUnitsForParent",
          "ListAccountsForParent",
          "ListAccounts",
          "ListTagsForResource");

  @TempDir java.nio.file.Path dir;
  CliHarness cli;
  AwsEmulator aws;
  Map<String, String> ous = new HashMap<>();

  @BeforeEach
  void seedOrganisation() {
    cli = new CliHarness(dir);
    cli.write("sources/base/config/app.yaml", "password: " + VALUES.get(0) + "\n");
    cli.write("sources/base/credentials/api.yaml", "token: " + VALUES.get(1) + "\n");
    aws = AwsEmulator.start();
    AwsOrganization org = aws.organization().create(MGMT);
    String workloads = org.addOu(org.rootId(), "Workloads");
    String prod = org.addOu(workloads, "Prod");
    ous.put("Payments", org.addOu(prod, "Payments"));
    ous.put("Core", org.addOu(prod, "Core"));
    String nonProd = org.addOu(workloads, "NonProd");
    ous.put("Dev", org.addOu(nonProd, "Dev"));
    ous.put("Sandbox", org.addOu(org.rootId(), "Sandbox"));
    ous.put("Workloads", workloads);
    ous.put("Prod", prod);
    List<String> leaves = List.of("Payments", "Core", "Dev", "Sandbox");
    for (int i = 0; i < 60; i++) {
      Map<String, String> tags = new HashMap<>();
      if (i < 10) {
        tags.put("env", "prod-" + i);
        tags.put("cost_center", "cc-" + i);
      }
      if (i < 4) {
        tags.put("team", "payments");
      }
      String status = i >= 50 && i < 55 ? "SUSPENDED" : "ACTIVE";
      org.addAccount(ous.get(leaves.get(i % 4)), id(i), name(i), status, tags);
    }
  }

  @AfterEach
  void stopAws() {
    aws.close();
  }

  static String id(int i) {
    return String.format("1000000000%02d", i);
  }

  static String name(int i) {
    return String.format("member-%02d", i);
  }

  /**
   * A config with one dynamic_targets block {@code members} made of {@code discovery} and {@code
   * template}.
   */
  void config(String discovery, String template) {
    cli.write(
        "secretsync.yaml",
        """
        sources:
          base: {file: {path: sources/base}}
        aws:
          region: us-east-1
          endpoint: %s
          role_pattern: "arn:aws:iam::{{account_id}}:role/SecretSync"
        targets:
          Shared: {type: file, path: out/shared, imports: [base]}
        dynamic_targets:
          members:
            discovery:
        %s
            template:
        %s
        """
            .formatted(aws.endpoint(), indent(discovery, 6), indent(template, 6)));
  }

  private static String indent(String block, int n) {
    String pad = " ".repeat(n);
    return pad + block.stripTrailing().stripIndent().replace("\n", "\n" + pad);
  }

  CliHarness.Result run(String... args) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
    env.put("AWS_SECRET_ACCESS_KEY", "not-a-real-secret-key");
    CliHarness.Result r = cli.run(env, args);
    for (String v : VALUES) {
      assertThat(r.all()).as("output must not contain a secret value").doesNotContain(v);
    }
    return r;
  }

  CliHarness.Result pipeline(String... extra) {
    String[] args = CliHarness.pipelineArgs(extra);
    return run(args);
  }

  long organizationsCalls() {
    return ORG_OPS.stream().mapToLong(op -> aws.count("organizations." + op)).sum();
  }

  /** Names of the secrets synced into {@code account} (without the fingerprint key). */
  List<String> synced(String account) {
    return aws.secrets(account, REGION).stream()
        .map(s -> s.name())
        .filter(n -> !n.equals("secretsync/fingerprint-key"))
        .sorted()
        .toList();
  }
}
