package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.S3MockServer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * History and rollback through the CLI: file sources → S3 merge store (S3Mock) with history → AWS
 * Secrets Manager (emulator).
 */
class HistoryRollbackTest extends AwsTestBase {
  private static final String PASSWORD_PREFIX = "pw-history-";

  private final S3MockServer s3 = S3MockServer.shared();
  private String bucket;

  @BeforeEach
  void useS3() {
    bucket = s3.newBucket("history");
    configure(50);
  }

  private void configure(int keep) {
    configure(keep, "");
  }

  private void configure(int keep, String kmsKeyId) {
    cli.write(
        "secretsync.yaml",
        awsConfig("")
            + ("merge_store:\n  s3: {bucket: %s, prefix: merged/, endpoint: %s, path_style: true,"
                    + " kms_key_id: \"%s\"}\n  history: {keep: %d}\n")
                .formatted(bucket, s3.endpoint(), kmsKeyId, keep));
  }

  @Override
  Map<String, String> env() {
    Map<String, String> env = super.env();
    env.put("AWS_REGION", "us-east-1");
    env.put("SECRETSYNC_ACTOR", "tester");
    return env;
  }

  private CliHarness.Result run(String... args) {
    CliHarness.Result r = cli.run(env(), args);
    assertNoSecretValues(r);
    assertThat(r.all()).as("no test password in output").doesNotContain(PASSWORD_PREFIX);
    return r;
  }

  private CliHarness.Result history(String... extra) {
    List<String> args =
        new ArrayList<>(List.of("history", "--config", "secretsync.yaml", "--target", "Staging"));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  private CliHarness.Result rollback(String... extra) {
    List<String> args =
        new ArrayList<>(List.of("rollback", "--config", "secretsync.yaml", "--target", "Staging"));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  /** Writes the snowflake credentials of data-engineers with password {@code n}. */
  private void password(int n) {
    cli.write(
        "sources/data-engineers/credentials/snowflake.json",
        "{\"account\": \"xy12345.us-east-1\", \"username\": \"data_engineer\", \"password\": \""
            + PASSWORD_PREFIX
            + n
            + "\"}");
  }

  private void syncOk() {
    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> versions(CliHarness.Result r) throws Exception {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return (List<Map<String, Object>>) JSON.readValue(r.stdout(), Map.class).get("versions");
  }

  private List<String> historyObjects() {
    return s3
        .client()
        .listObjectsV2(b -> b.bucket(bucket).prefix("merged/history/Staging/"))
        .contents()
        .stream()
        .map(S3Object::key)
        .toList();
  }

  /**
   * Ten runs: v1 the seed, then config/tools changes each time, extra/one added in v4 and removed
   * in v7.
   */
  private void tenRunsWithChanges() throws Exception {
    syncOk();
    for (int k = 2; k <= 10; k++) {
      cli.write("sources/data-engineers/config/tools.json", "{\"dbt_version\": \"1.5." + k + "\"}");
      if (k == 4) {
        cli.write("sources/data-engineers/extra/one.json", "{\"flag\": true}");
      }
      if (k == 7) {
        Files.delete(dir.resolve("sources/data-engineers/extra/one.json"));
      }
      syncOk();
    }
  }

  @Test
  void tenRunsWithChangesListTenVersionsWithWhatEachChanged() throws Exception {
    tenRunsWithChanges();

    List<Map<String, Object>> v = versions(history("-o", "json"));
    CliHarness.Result human = history();

    assertThat(v).extracting(m -> m.get("version")).containsExactly(10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
    assertThat(v).allSatisfy(m -> assertThat(m.get("actor")).isEqualTo("tester"));
    assertThat(v.get(9).get("added")).asList().hasSize(7);
    assertThat(v.get(6))
        .containsEntry("added", List.of("extra/one"))
        .containsEntry("changed", List.of("config/tools"))
        .containsEntry("removed", List.of());
    assertThat(v.get(3))
        .containsEntry("added", List.of())
        .containsEntry("changed", List.of("config/tools"))
        .containsEntry("removed", List.of("extra/one"));
    assertThat(v.get(0))
        .containsEntry("added", List.of())
        .containsEntry("changed", List.of("config/tools"))
        .containsEntry("removed", List.of());
    assertThat(v.stream().map(m -> m.get("run_id")).distinct()).hasSize(10);
    assertThat(human.stdout())
        .contains("10 versions, newest first")
        .contains("v10")
        .contains("tester");
    assertThat(historyObjects()).hasSize(10);
  }

  @Test
  void keyFilterShowsOnlyTheVersionsThatTouchedTheKey() throws Exception {
    tenRunsWithChanges();

    List<Map<String, Object>> v = versions(history("--key", "extra/one", "-o", "json"));
    CliHarness.Result human = history("--key", "extra/one");

    assertThat(v).extracting(m -> m.get("version")).containsExactly(7, 4);
    assertThat(human.stdout()).contains("removed extra/one").contains("added extra/one");
  }

  @Test
  void keepFiveLeavesTheFiveNewestVersions() throws Exception {
    configure(5);

    tenRunsWithChanges();

    List<Map<String, Object>> v = versions(history("-o", "json"));
    assertThat(v).extracting(m -> m.get("version")).containsExactly(10, 9, 8, 7, 6);
    assertThat(v.get(4).get("changed")).as("v5 was pruned: unknown").isNull();
    assertThat(historyObjects()).hasSize(5);
  }

  @Test
  void historyObjectsAreEncryptedLikeTheBundles() {
    configure(50, S3MockServer.KMS_KEY_ID);

    syncOk();

    String history = historyObjects().get(0);
    HeadObjectResponse head = s3.client().headObject(b -> b.bucket(bucket).key(history));
    assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(head.ssekmsKeyId()).endsWith(S3MockServer.KMS_KEY_ID);
    assertThat(history)
        .matches("merged/history/Staging/\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{12}\\.json");
  }

  @Test
  void aNoOpRunAndADryRunRecordNoVersion() throws Exception {
    syncOk();
    syncOk();
    password(9);
    assertThat(pipeline("--dry-run").exitCode()).isZero();

    assertThat(versions(history("-o", "json"))).hasSize(1);
    assertThat(historyObjects()).hasSize(1);
  }

  @Test
  void rollbackToThreeRestoresItsValuesThroughAPlanAndRecordsANewVersion() throws Exception {
    for (int n = 1; n <= 5; n++) {
      password(n);
      syncOk();
    }
    assertThat(value(STAGING, "credentials/snowflake"))
        .containsEntry("password", PASSWORD_PREFIX + 5);

    CliHarness.Result dry = rollback("--to", "3", "--dry-run");
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(dry.stdout())
        .contains("Rollback of target Staging to v3")
        .contains("credentials/snowflake")
        .contains("update")
        .contains("Dry run");
    assertThat(value(STAGING, "credentials/snowflake"))
        .containsEntry("password", PASSWORD_PREFIX + 5);
    assertThat(historyObjects()).hasSize(5);

    CliHarness.Result real = rollback("--to", "3");

    assertThat(real.exitCode()).as(real.toString()).isZero();
    assertThat(value(STAGING, "credentials/snowflake"))
        .containsEntry("password", PASSWORD_PREFIX + 3);
    assertThat(real.stdout())
        .contains("next ordinary `secretsync pipeline` run")
        .contains("moves target Staging forward");
    List<Map<String, Object>> v = versions(history("-o", "json"));
    assertThat(v).hasSize(6);
    assertThat(v.get(0)).containsEntry("version", 6).containsEntry("rollback_of", 3);
    assertThat(v.get(0).get("changed")).isEqualTo(List.of("credentials/snowflake"));
    assertThat(value(PRODUCTION, "credentials/snowflake"))
        .as("only the rolled-back target changes")
        .containsEntry("password", PASSWORD_PREFIX + 5);

    syncOk();
    assertThat(value(STAGING, "credentials/snowflake"))
        .containsEntry("password", PASSWORD_PREFIX + 5);
  }

  @Test
  void aRollbackOverMaxDeletesIsRefusedAndRecordsNothing() throws Exception {
    cli.write(
        "secretsync.yaml",
        awsConfig("deletion: {policy: delete, max_deletes: 0}")
            + "merge_store:\n  s3: {bucket: %s, prefix: merged/, endpoint: %s, path_style: true}\n"
                .formatted(bucket, s3.endpoint()));
    syncOk();
    cli.write("sources/data-engineers/extra/one.json", "{\"flag\": true}");
    syncOk();

    CliHarness.Result r = rollback("--to", "1", "--audit-log", "audit.jsonl");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("refusing to delete 1 secrets")
        .contains("(rollback)")
        .doesNotContain("sync only");
    assertThat(Files.readAllLines(dir.resolve("audit.jsonl")))
        .as("the refused rollback is in the audit log")
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("\"command\":\"rollback\"")
                    .contains("\"name\":\"extra/one\"")
                    .contains("\"change\":\"delete\"")
                    .contains("\"result\":\"refused\""));
    assertThat(secret(STAGING, "extra/one").scheduledForDeletion()).isFalse();
    assertThat(historyObjects()).as("a refused rollback records no version").hasSize(2);
  }

  @Test
  void rollbackByRunId() throws Exception {
    password(1);
    syncOk();
    password(2);
    syncOk();
    String runOfV1 = (String) versions(history("-o", "json")).get(1).get("run_id");

    CliHarness.Result r = rollback("--to", runOfV1);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(value(STAGING, "credentials/snowflake"))
        .containsEntry("password", PASSWORD_PREFIX + 1);
  }

  @Test
  void rollbackToAnUnknownVersionListsTheVersionsThatExist() {
    password(1);
    syncOk();
    password(2);
    syncOk();

    CliHarness.Result r = rollback("--to", "42");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("--to 42").contains("versions kept: v2, v1");
    assertThat(historyObjects()).hasSize(2);
  }

  @Test
  void dryRunDiffShowsTheVersionAnUpdatedKeyComesFrom() {
    password(1);
    syncOk();
    cli.write("sources/data-engineers/config/tools.json", "{\"dbt_version\": \"2.0\"}");
    syncOk();
    password(2);

    CliHarness.Result r = pipeline("--dry-run", "--diff");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout())
        .containsPattern(
            "credentials/snowflake .*v1 \\(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d by tester\\) → new; changed fields: password");
  }
}
