package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.testkit.AwsSecretView;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.S3MockServer;
import dev.secretsync.testkit.SeedFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code --audit-log} and {@code audit:} through the CLI against the AWS emulator (and S3Mock for
 * {@code audit.s3}): one line per applied, failed or refused change, agreeing with what the
 * emulator was asked to write; nothing on dry runs and no-op runs; never a value.
 */
class AuditLogTest extends AwsTestBase {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Path log() {
    return dir.resolve("audit/secretsync.jsonl");
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> lines() throws Exception {
    List<Map<String, Object>> out = new ArrayList<>();
    if (!Files.exists(log())) {
      return out;
    }
    for (String line : Files.readAllLines(log())) {
      out.add(MAPPER.readValue(line, Map.class));
    }
    return out;
  }

  private static Set<String> names(List<Map<String, Object>> lines, String target, String result) {
    return lines.stream()
        .filter(l -> l.get("target").equals(target) && l.get("result").equals(result))
        .map(l -> (String) l.get("name"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private Set<String> syncedNames(String account) {
    return synced(account).stream()
        .map(AwsSecretView::name)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private void assertNoValueIn(Path file) throws Exception {
    String text = Files.readString(file);
    for (String value : SeedFixture.secretValues()) {
      assertThat(text).as("audit log must not contain a secret value").doesNotContain(value);
    }
  }

  @Test
  void everyCreateIsOneLineMatchingTheEmulatorAndDryOrNoOpRunsAddNothing() throws Exception {
    Files.createDirectories(log().getParent());
    Map<String, String> env = env();
    env.put("SECRETSYNC_ACTOR", "alice@example.com");
    env.put("GITHUB_RUN_ID", "4242");

    CliHarness.Result dry =
        cli.run(
            env, "pipeline", "-c", "secretsync.yaml", "--dry-run", "--audit-log", log().toString());
    assertThat(dry.exitCode()).as(dry.all()).isZero();
    assertThat(log()).as("a dry run opens nothing").doesNotExist();

    CliHarness.Result r =
        cli.run(env, "pipeline", "-c", "secretsync.yaml", "--audit-log", log().toString());
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertNoSecretValues(r);

    List<Map<String, Object>> lines = lines();
    assertThat(names(lines, "Staging", "applied")).isEqualTo(syncedNames(STAGING)).isNotEmpty();
    assertThat(names(lines, "Production", "applied")).isEqualTo(syncedNames(PRODUCTION));
    assertThat(names(lines, "Demo", "applied")).isEqualTo(syncedNames(DEMO));
    assertThat(lines).hasSize(syncedNames(STAGING).size() * 3 - 0);
    Map<String, Object> first = lines.get(0);
    assertThat(first)
        .containsEntry("actor", "alice@example.com")
        .containsEntry("actor_source", "SECRETSYNC_ACTOR")
        .containsEntry("ci_run", "4242")
        .containsEntry("command", "pipeline")
        .containsEntry("provider", "aws_secretsmanager")
        .containsEntry("change", "create")
        .containsEntry("before", null)
        .containsKeys("time", "run_id", "key", "after");
    assertThat((String) first.get("after")).matches("[0-9a-f]{64}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log())))
        .isEqualTo("rw-------");
    assertNoValueIn(log());

    long size = Files.size(log());
    assertThat(
            cli.run(env, "pipeline", "-c", "secretsync.yaml", "--audit-log", log().toString())
                .exitCode())
        .isZero();
    assertThat(Files.size(log())).as("a no-op run records nothing").isEqualTo(size);
  }

  @Test
  void updatesDeletesRefusalsAndFailuresAreRecordedAsTheyHappened() throws Exception {
    Files.createDirectories(log().getParent());
    cli.write(
        "secretsync.yaml",
        awsConfig("deletion: {policy: delete}")
            + "audit: {file: audit/secretsync.jsonl}\n"
            + "policies:\n"
            + "  - {name: small-demo, max_changes: {targets: [Demo], count: 1}}\n");
    CliHarness.Result first = pipeline();
    assertThat(first.exitCode()).as(first.all()).isEqualTo(1); // Demo is denied
    assertThat(names(lines(), "Demo", "refused")).isNotEmpty();
    assertThat(lines())
        .filteredOn(l -> l.get("result").equals("refused"))
        .allSatisfy(l -> assertThat((String) l.get("reason")).contains("small-demo"));
    assertThat(syncedNames(DEMO)).isEmpty();
    int before = lines().size();

    // An update and a deletion in Staging; one write the emulator refuses.
    cli.write("sources/analytics/config/api.json", "{\"endpoint\": \"https://changed.example\"}");
    Files.delete(dir.resolve("sources/data-engineers/team/members.json"));
    aws.failNext("secretsmanager.PutSecretValue", 1, 400, "InvalidRequestException");
    aws.resetCounters();
    CliHarness.Result second = pipeline();
    assertThat(second.exitCode()).as(second.all()).isEqualTo(1);

    List<Map<String, Object>> added = lines().subList(before, lines().size());
    long applied = added.stream().filter(l -> l.get("result").equals("applied")).count();
    long failed = added.stream().filter(l -> l.get("result").equals("failed")).count();
    assertThat(failed).isEqualTo(1);
    assertThat(added)
        .filteredOn(l -> l.get("result").equals("failed"))
        .allSatisfy(l -> assertThat(l.get("reason")).isNotNull());
    assertThat(added)
        .filteredOn(l -> l.get("target").equals("Staging") && l.get("change").equals("delete"))
        .extracting(l -> l.get("result"))
        .containsExactly("applied");
    assertThat(added)
        .filteredOn(l -> l.get("change").equals("update"))
        .allSatisfy(l -> assertThat(l.get("before")).isNotNull().isNotEqualTo(l.get("after")));
    // Every applied line is a write the emulator accepted (the failed one was not accepted).
    long accepted =
        aws.count("secretsmanager.PutSecretValue")
            - 1
            + aws.count("secretsmanager.DeleteSecret")
            + aws.count("secretsmanager.CreateSecret");
    assertThat(applied).isEqualTo(accepted);
    assertNoValueIn(log());
  }

  @Test
  void aSecretTheTargetDoesNotOwnIsARefusedLine() throws Exception {
    Files.createDirectories(log().getParent());
    aws.seedSecret(STAGING, REGION, "config/database", "{\"host\": \"hand-made\"}", Map.of());

    CliHarness.Result r = pipeline("--audit-log", log().toString());

    assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
    assertThat(lines())
        .filteredOn(l -> l.get("result").equals("refused"))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l)
                  .containsEntry("target", "Staging")
                  .containsEntry("name", "config/database")
                  .containsEntry("change", null);
              assertThat((String) l.get("reason")).contains("adopt_unmanaged");
            });
    assertThat(secret(STAGING, "config/database").currentValue()).contains("hand-made");
  }

  @Test
  void anAuditLogThatCannotBeOpenedStopsTheRunBeforeAnyWrite() {
    CliHarness.Result r = pipeline("--audit-log", "no-such-dir/audit.jsonl");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("audit log")
        .contains("no-such-dir/audit.jsonl")
        .contains("directory does not exist")
        .contains("nothing was written");
    assertThat(aws.writeCount()).isZero();
  }

  @Test
  void auditS3WritesOneObjectPerRunThatChangedSomething() throws Exception {
    S3MockServer s3mock = S3MockServer.shared();
    String bucket = s3mock.newBucket("audit");
    cli.write(
        "secretsync.yaml",
        awsConfig("")
            + "audit:\n  file: audit/secretsync.jsonl\n  s3: {bucket: "
            + bucket
            + ", prefix: runs/, endpoint: \""
            + s3mock.endpoint()
            + "\", path_style: true}\n");
    Files.createDirectories(log().getParent());

    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(pipeline().exitCode()).as("no-op").isZero();

    S3Client s3 = s3mock.client();
    List<S3Object> objects = s3.listObjectsV2(b -> b.bucket(bucket).prefix("runs/")).contents();
    assertThat(objects).hasSize(1);
    String key = objects.get(0).key();
    assertThat(key).matches("runs/\\d{4}/\\d{2}/\\d{2}/\\d{8}T\\d{6}Z-.+\\.jsonl");
    String body = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    assertThat(body).isEqualTo(Files.readString(log()));
    for (String value : SeedFixture.secretValues()) {
      assertThat(body).doesNotContain(value);
    }
  }
}
