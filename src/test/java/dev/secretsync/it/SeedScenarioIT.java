package dev.secretsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.SeedFixture;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The seed scenario against the real services: a current Vault (KV v2 sources) → deep merge → S3
 * merge store in LocalStack → Secrets Manager in three LocalStack accounts reached through STS
 * AssumeRole, driven through the CLI. Then what must hold on the second and later runs: a re-run
 * writes nothing (version ids, stages, tags, dates and the merge-store objects unchanged), a value
 * changed and changed back (A→B→A) makes the first version current again, and a secret removed from
 * Vault is deleted under {@code deletion.policy: delete} and only orphaned under {@code retain}.
 * Skipped where no Docker engine runs.
 */
@RealServices
class SeedScenarioIT {
  static final List<String> STAGING_KEYS =
      List.of(
          "config/api",
          "config/database",
          "config/tools",
          "credentials/service_account",
          "credentials/snowflake",
          "nested/deep/level1/level2/config",
          "team/members");

  @TempDir Path dir;

  final String suffix = UUID.randomUUID().toString().substring(0, 8);
  final String staging = LocalStackAws.newAccount();
  final String production = LocalStackAws.newAccount();
  final String demo = LocalStackAws.newAccount();
  ItServices.VaultServer vault;
  VaultAdmin admin;
  LocalStackAws aws;
  ItCli cli;
  String bucket;

  @BeforeEach
  void seed() {
    vault = ItServices.vault(ItServices.VAULT_CURRENT);
    admin = vault.admin();
    admin.seed(suffix, false);
    aws = new LocalStackAws(ItServices.localStack());
    bucket = aws.newBucket("secretsync-it");
    cli =
        new ItCli(dir)
            .env("VAULT_ADDR", vault.address())
            .env("VAULT_TOKEN", vault.rootToken())
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env("AWS_REGION", "us-east-1")
            .secret(vault.rootToken())
            .config(
                """
                sources:
                  analytics: {vault: {mount: analytics-%1$s}}
                  data-engineers: {vault: {mount: data-engineers-%1$s}}
                merge_store:
                  s3: {bucket: %2$s, prefix: merged/, endpoint: "%3$s", path_style: true}
                aws:
                  region: us-east-1
                  endpoint: "%3$s"
                  role_pattern: "arn:aws:iam::{{account_id}}:role/SecretSync"
                targets:
                  Staging:
                    imports: [analytics, data-engineers]
                    account_id: "%4$s"
                    tags: {team: platform}
                    deletion: {policy: delete, recovery_window_days: 7}
                  Production: {imports: [Staging], account_id: "%5$s"}
                  Demo: {imports: [Production], account_id: "%6$s"}
                """
                    .formatted(suffix, bucket, aws.endpoint(), staging, production, demo));
  }

  @AfterEach
  void close() {
    aws.close();
  }

  @Test
  void theSeedScenarioConvergesInEveryAccount() {
    CliHarness.Result r = cli.pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    Map<String, String> accounts =
        Map.of("Staging", staging, "Production", production, "Demo", demo);
    accounts.forEach(
        (target, account) -> {
          assertThat(aws.ownedBy(account, target)).as(target).isEqualTo(STAGING_KEYS);
          assertThat(aws.currentValue(account, "config/database"))
              .as(target + ": analytics ← data-engineers, later wins, lists append")
              .isEqualTo(SeedFixture.expectedStagingDatabase());
          assertThat(aws.tags(account, "config/database"))
              .containsEntry("secretsync:managed-by", "secretsync")
              .containsEntry("secretsync:target", target);
        });
    assertThat(aws.tags(staging, "config/api")).containsEntry("team", "platform");
    for (String target : List.of("Staging", "Production", "Demo")) {
      assertThat(aws.head(bucket, "merged/bundles/" + target + ".json").contentLength())
          .isPositive();
    }
    CliHarness.Result plan = cli.pipeline("--dry-run", "--exit-code");
    assertThat(plan.exitCode()).as("converged: " + plan).isZero();
  }

  @Test
  void aRerunWritesNothing() {
    assertThat(cli.pipeline().exitCode()).isZero();
    Map<String, String> before = snapshot();

    Map<String, Object> report = cli.pipelineJson(0, "--exit-code");

    assertThat(report.get("summary"))
        .asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsEntry("changes", 0)
        .containsEntry("failed", 0)
        .containsEntry("unchanged", 3 * STAGING_KEYS.size());
    assertThat(snapshot())
        .as("version ids, stages, tags, dates, merge-store objects")
        .isEqualTo(before);
  }

  @Test
  void aValueChangedAndChangedBackMakesTheFirstVersionCurrentAgain() {
    Map<String, Object> a = SeedFixture.sources().get("analytics").get("config/api");
    assertThat(cli.pipeline().exitCode()).isZero();
    String versionA = aws.currentVersion(staging, "config/api");
    Map<String, Object> b = new HashMap<>(a);
    b.put("timeout_ms", 45000);

    admin.put("analytics-" + suffix, 2, "config/api", b);
    CliHarness.Result toB = cli.pipeline();
    assertThat(toB.exitCode()).as(toB.toString()).isZero();
    assertThat(aws.currentValue(staging, "config/api")).containsEntry("timeout_ms", 45000);
    assertThat(aws.currentVersion(staging, "config/api")).isNotEqualTo(versionA);

    admin.put("analytics-" + suffix, 2, "config/api", a);
    CliHarness.Result backToA = cli.pipeline();

    assertThat(backToA.exitCode()).as(backToA.toString()).isZero();
    for (String account : List.of(staging, production, demo)) {
      assertThat(aws.currentValue(account, "config/api")).isEqualTo(a);
    }
    assertThat(aws.currentVersion(staging, "config/api"))
        .as("A's version (same keyed fingerprint) is AWSCURRENT again")
        .isEqualTo(versionA);
    CliHarness.Result plan = cli.pipeline("--dry-run", "--exit-code");
    assertThat(plan.exitCode()).as("converged: " + plan).isZero();
  }

  @Test
  void aSecretRemovedFromVaultIsDeletedUnderPolicyDeleteAndKeptUnderRetain() {
    assertThat(cli.pipeline().exitCode()).isZero();

    admin.delete("data-engineers-" + suffix, 2, "team/members");
    Map<String, Object> report = cli.pipelineJson(0);

    assertThat(ItCli.targetSummary(report, "Staging")).containsEntry("deleted", 1);
    assertThat(ItCli.targetSummary(report, "Production")).containsEntry("orphaned", 1);
    assertThat(aws.describe(staging, "team/members"))
        .hasValueSatisfying(
            d -> assertThat(d.deletedDate()).as("scheduled for deletion (7 days)").isNotNull());
    assertThat(aws.describe(production, "team/members"))
        .hasValueSatisfying(d -> assertThat(d.deletedDate()).as("retained").isNull());
    assertThat(aws.describe(demo, "team/members"))
        .hasValueSatisfying(d -> assertThat(d.deletedDate()).as("retained").isNull());
    assertThat(aws.describe(staging, "config/api").orElseThrow().deletedDate()).isNull();
  }

  private Map<String, String> snapshot() {
    Map<String, String> s = new TreeMap<>();
    Map.of("Staging", staging, "Production", production, "Demo", demo)
        .forEach((target, account) -> s.putAll(prefixed(target, aws.snapshot(account, target))));
    for (String target : List.of("Staging", "Production", "Demo")) {
      HeadObjectResponse h = aws.head(bucket, "merged/bundles/" + target + ".json");
      s.put("s3:" + target, h.eTag() + " " + h.lastModified() + " " + h.versionId());
    }
    return s;
  }

  private static Map<String, String> prefixed(String prefix, Map<String, String> m) {
    Map<String, String> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(prefix + ":" + k, v));
    return out;
  }
}
