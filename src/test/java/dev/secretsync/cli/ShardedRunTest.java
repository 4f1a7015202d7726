package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.testkit.AwsEmulator;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.S3MockProxy;
import dev.secretsync.testkit.S3MockServer;
import dev.secretsync.testkit.TestKeys;
import dev.secretsync.testkit.VaultEmulator;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharded runs through the real CLI: 40 AWS accounts × 50 secrets split over 4 shards, run as
 * concurrent child JVMs (as a Kubernetes Indexed Job or a GitHub Actions matrix would), then
 * combined with {@code secretsync report}.
 */
class ShardedRunTest {
  private static final int ACCOUNTS = 40;
  private static final int SECRETS = 50;
  private static final int WRITES_PER_SECOND = 40;
  private static final String SEEDED = "shard-seeded-password-";

  @TempDir Path dir;
  private CliHarness cli;
  private VaultEmulator vault;
  private AwsEmulator aws;
  private S3MockProxy s3;
  private final Map<String, String> env = new LinkedHashMap<>();

  @BeforeEach
  void start() {
    cli = new CliHarness(dir);
    vault = VaultEmulator.start();
    vault.mountKv("kv", 2);
    for (int i = 0; i < SECRETS; i++) {
      vault.put("kv", String.format("app/s%02d", i), Map.of("password", SEEDED + i, "n", i));
    }
    aws = AwsEmulator.start();
    // The service's own quota, as strict as ours: two processes writing one account would trip it.
    aws.writeQuotaPerSecond(WRITES_PER_SECOND);
    S3MockServer s3mock = S3MockServer.shared();
    s3 = S3MockProxy.to(s3mock.endpoint());
    String bucket = s3mock.newBucket("shards");
    StringBuilder targets = new StringBuilder("targets:\n");
    for (int a = 0; a < ACCOUNTS; a++) {
      targets.append(
          String.format("  A%02d: {imports: [app], account_id: \"%s\"}%n", a, account(a)));
    }
    cli.write(
        "secretsync.yaml",
        """
        vault:
          address: %s
          auth: {token: {token: %s}}
        sources:
          app: {vault: {mount: kv}}
        merge_store:
          s3: {bucket: %s, prefix: merged/, region: us-east-1, endpoint: "%s", path_style: true}
        aws:
          region: us-east-1
          endpoint: %s
          role_pattern: "arn:aws:iam::{{account_id}}:role/SecretSync"
        pipeline: {parallelism: 8, aws_writes_per_second: %d}
        """
                .formatted(
                    vault.address(),
                    vault.rootToken(),
                    bucket,
                    s3.endpoint(),
                    aws.endpoint(),
                    WRITES_PER_SECOND)
            + targets);
    env.put("AWS_ACCESS_KEY_ID", "AKIDSHARDS");
    env.put("AWS_SECRET_ACCESS_KEY", "not-a-real-secret-key");
    env.put("SECRETSYNC_FINGERPRINT_KEY", TestKeys.TEXT);
    env.put("HOME", dir.toString());
  }

  @AfterEach
  void stop() {
    s3.close();
    aws.close();
    vault.close();
  }

  private static String account(int a) {
    return String.format("%012d", 300_000_000_000L + a);
  }

  @Test
  void fourConcurrentShardProcessesWriteEachAccountOnceAndCombineToTheUnshardedTotals()
      throws Exception {
    CliHarness.Result plan = run("pipeline", "-c", "secretsync.yaml", "--dry-run", "-o", "json");
    assertThat(plan.exitCode()).as(plan.stderr()).isZero();
    Map<String, Object> unsharded = summary(plan.stdout());
    aws.resetCounters();

    List<Process> shards = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      shards.add(
          childCli(
              "shard-" + i,
              "pipeline",
              "-c",
              "secretsync.yaml",
              "--shard",
              i + "/4",
              "--report-file",
              "reports/shard-" + i + ".json"));
    }
    for (int i = 0; i < 4; i++) {
      Process p = shards.get(i);
      assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("shard %d finished", i).isTrue();
      assertThat(p.exitValue()).as(log("shard-" + i)).isZero();
    }

    assertThat(aws.count("secretsmanager.CreateSecret")).isEqualTo(ACCOUNTS * SECRETS);
    for (int a = 0; a < ACCOUNTS; a++) {
      assertThat(aws.secrets(account(a), "us-east-1")).hasSize(SECRETS);
      assertThat(aws.writers(account(a))).as("processes that wrote account %d", a).hasSize(1);
      // Counted per calendar second as requests arrive: our bucket's small burst and requests
      // bunched by a loaded machine can put a few more into one second; two processes writing
      // one account would double it (and trip the emulator's quota, asserted below).
      assertThat(aws.maxWritesPerSecond(account(a))).isLessThanOrEqualTo(WRITES_PER_SECOND * 3 / 2);
    }
    assertThat(aws.throttledCount()).as("writes over the per-account quota").isZero();

    CliHarness.Result combined = run("report", "reports", "-o", "json");
    assertThat(combined.exitCode()).as(combined.all()).isZero();
    Map<String, Object> doc = json(combined.stdout());
    assertThat(doc.get("summary")).isEqualTo(unsharded);
    assertThat((List<?>) doc.get("targets")).hasSize(ACCOUNTS);
    assertThat((List<?>) doc.get("missing_shards")).isEmpty();
    assertThat(combined.all()).doesNotContain(SEEDED);
    for (int i = 0; i < 4; i++) {
      assertThat(Files.readString(dir.resolve("reports/shard-" + i + ".json")))
          .doesNotContain(SEEDED);
      assertThat(log("shard-" + i)).doesNotContain(SEEDED);
    }

    aws.resetCounters();
    for (int i = 0; i < 4; i++) {
      CliHarness.Result again =
          run("pipeline", "-c", "secretsync.yaml", "--shard", i + "/4", "--exit-code");
      assertThat(again.exitCode()).as(again.all()).isZero();
    }
    assertThat(aws.writeCount()).as("writes on the re-run of every shard").isZero();
    assertThat(aws.count("secretsmanager.GetSecretValue")).isZero();
  }

  @Test
  void mergeOnceThenSyncOnlyShardsReadEachVaultSecretOnce() {
    CliHarness.Result merge = run("pipeline", "-c", "secretsync.yaml", "--merge-only");
    assertThat(merge.exitCode()).as(merge.all()).isZero();
    for (int i = 0; i < 4; i++) {
      CliHarness.Result shard =
          run(
              "pipeline",
              "-c",
              "secretsync.yaml",
              "--sync-only",
              "--shard",
              i + "/4",
              "--report-file",
              "reports/shard-" + i + ".json");
      assertThat(shard.exitCode()).as(shard.all()).isZero();
    }
    assertThat(vault.count("kv.read"))
        .as("Vault reads over the merge and all shards")
        .isEqualTo(SECRETS);
    assertThat(aws.count("secretsmanager.CreateSecret")).isEqualTo(ACCOUNTS * SECRETS);
    CliHarness.Result combined = run("report", "reports");
    assertThat(combined.exitCode()).as(combined.all()).isZero();
    assertThat(combined.stdout()).contains("Done: " + ACCOUNTS * SECRETS + " added");
  }

  @Test
  void aFailedShardFailsTheCombinedReportByNameAndReRunningItConverges() {
    String denied = "arn:aws:iam::" + account(7) + ":role/SecretSync";
    aws.assumeRoleDenied(denied);
    int failing = -1;
    for (int i = 0; i < 4; i++) {
      CliHarness.Result r =
          run(
              "pipeline",
              "-c",
              "secretsync.yaml",
              "--shard",
              i + "/4",
              "--report-file",
              "reports/shard-" + i + ".json");
      if (r.exitCode() != 0) {
        failing = i;
      }
    }
    assertThat(failing).as("the shard of account 7 failed").isNotNegative();
    CliHarness.Result combined = run("report", "reports");
    assertThat(combined.exitCode()).isEqualTo(1);
    assertThat(combined.all())
        .contains("shard " + failing + "/4 failed")
        .contains("--shard " + failing + "/4")
        .contains("A07");

    aws.assumeRoleAllowed(denied);
    CliHarness.Result rerun =
        run(
            "pipeline",
            "-c",
            "secretsync.yaml",
            "--shard",
            failing + "/4",
            "--report-file",
            "reports/shard-" + failing + ".json");
    assertThat(rerun.exitCode()).as(rerun.all()).isZero();
    assertThat(aws.secrets(account(7), "us-east-1")).hasSize(SECRETS);
    CliHarness.Result fixed = run("report", "reports", "-o", "github");
    assertThat(fixed.exitCode()).as(fixed.all()).isZero();
  }

  @Test
  void aMissingShardReportIsNamedAndFailsTheCombinedReport() throws Exception {
    for (int i = 0; i < 4; i++) {
      if (i != 2) {
        run(
            "pipeline",
            "-c",
            "secretsync.yaml",
            "--dry-run",
            "--shard",
            i + "/4",
            "--report-file",
            "reports/shard-" + i + ".json");
      }
    }
    CliHarness.Result combined = run("report", "reports", "-o", "json", "--exit-code");
    assertThat(combined.exitCode()).isEqualTo(2);
    assertThat(json(combined.stdout()).get("missing_shards")).isEqualTo(List.of(2));
    assertThat(combined.stdout()).contains("shard 2/4: no report");
  }

  @Test
  void shardFlagsWithUnusableValuesAreUsageErrors() {
    assertUsage("--shard 4/4", "below the count", "--shard", "4/4");
    assertUsage("--shard 0/0", "at least 1", "--shard", "0/0");
    assertUsage("--shard x", "is not a shard", "--shard", "x");
    assertUsage("--shards without index", "JOB_COMPLETION_INDEX", "--shards", "4");
    cli.write(
        "memory.yaml",
        "sources:\n  a: {file: {path: a.json}}\ntargets:\n  T: {type: file, imports: [a], path: out}\n");
    cli.write("a.json", "{}");
    CliHarness.Result r = run("pipeline", "-c", "memory.yaml", "--sync-only", "--shard", "0/2");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("--sync-only reads bundles from the merge store")
        .contains("shard");
  }

  @Test
  void anIndexedJobGivesTheIndexThroughJobCompletionIndex() throws Exception {
    Map<String, String> indexed = new LinkedHashMap<>(env);
    indexed.put("JOB_COMPLETION_INDEX", "3");
    CliHarness.Result r =
        cli.run(
            indexed,
            "pipeline",
            "-c",
            "secretsync.yaml",
            "--dry-run",
            "--shards",
            "4",
            "--report-file",
            "r.json");
    assertThat(r.exitCode()).as(r.all()).isZero();
    Map<String, Object> doc = json(Files.readString(dir.resolve("r.json")));
    assertThat(doc.get("shard")).asString().contains("index=3").contains("count=4");
  }

  @Test
  void graphShowsEachShardsDomainsAndExpectedWrites() {
    run("pipeline", "-c", "secretsync.yaml", "--merge-only");
    CliHarness.Result g = run("graph", "-c", "secretsync.yaml", "--shards", "4");
    assertThat(g.exitCode()).as(g.all()).isZero();
    assertThat(g.stdout()).contains("shard 0/4:").contains("shard 3/4:");
    assertThat(g.stdout()).contains("aws:" + account(0) + "/us-east-1: A00");
    int expected = 0;
    for (String line : g.stdout().split("\n")) {
      if (line.startsWith("shard ")) {
        expected += Integer.parseInt(line.replaceAll(".*cold run: (\\d+).*", "$1"));
      }
    }
    assertThat(expected).isEqualTo(ACCOUNTS * SECRETS);
  }

  private void assertUsage(String what, String message, String... flags) {
    List<String> args = new ArrayList<>(List.of("pipeline", "-c", "secretsync.yaml"));
    args.addAll(List.of(flags));
    CliHarness.Result r = run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(what).isEqualTo(2);
    assertThat(r.stderr()).as(what).contains(message);
    assertThat(aws.totalCalls()).as(what + ": no AWS call").isZero();
  }

  private CliHarness.Result run(String... args) {
    return cli.run(env, args);
  }

  private Process childCli(String label, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m", "-cp"));
    cmd.add(classPath());
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectOutput(dir.resolve(label + ".out").toFile())
            .redirectError(dir.resolve(label + ".err").toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    return pb.start();
  }

  private String log(String label) {
    try {
      return Files.readString(dir.resolve(label + ".out"), StandardCharsets.UTF_8)
          + Files.readString(dir.resolve(label + ".err"), StandardCharsets.UTF_8);
    } catch (Exception e) {
      return "(no output: " + e + ")";
    }
  }

  private static String classPath() {
    List<String> entries = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!e.isEmpty()) {
        entries.add(Path.of(e).toAbsolutePath().toString());
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String text) throws Exception {
    return new ObjectMapper().readValue(text, Map.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> summary(String text) throws Exception {
    return (Map<String, Object>) json(text).get("summary");
  }
}
