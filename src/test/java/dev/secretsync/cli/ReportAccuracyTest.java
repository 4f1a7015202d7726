package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.secretsync.testkit.AwsEmulator;
import dev.secretsync.testkit.AwsSecretView;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.TestKeys;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports count what the target confirmed, not what was planned: a failure injected at every
 * position of an apply over N changes, and the report's counts — in every format, the step outputs
 * and the synced metric — must equal the writes the emulator (or the file system) recorded.
 */
class ReportAccuracyTest {
  static final int N = 5;
  static final String ACCOUNT = "111111111111";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  CliHarness cli;
  AwsEmulator aws;
  HttpServer gateway;
  final AtomicReference<String> pushed = new AtomicReference<>("");

  @BeforeEach
  void start() throws IOException {
    cli = new CliHarness(dir);
    aws = AwsEmulator.start();
    gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gateway.createContext(
        "/",
        ex -> {
          pushed.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    gateway.start();
  }

  @AfterEach
  void stop() {
    gateway.stop(0);
    aws.close();
  }

  @Test
  void awsCreatesFailingAtEveryPositionAreCountedAsTheEmulatorRecordedThem() throws Exception {
    for (int k = 1; k <= N; k++) {
      for (String format : FORMATS) {
        aws.reset();
        writeSources("v1");
        aws.failAt("secretsmanager.CreateSecret", k, 400, "AccessDeniedException");

        Report report = runAws(format);

        Set<String> written = names(aws.secrets(ACCOUNT, "us-east-1"));
        assertThat(written).as("position %d: %s", k, report.stdout).hasSize(N - 1);
        report.assertCounts("added", "create", written.size());
      }
    }
  }

  @Test
  void awsUpdatesFailingAtEveryPositionAreCountedAsTheEmulatorRecordedThem() throws Exception {
    for (int k = 1; k <= N; k++) {
      for (String format : FORMATS) {
        aws.reset();
        writeSources("v1");
        assertThat(runAws("compact").exitCode).isZero();
        writeSources("v2");
        aws.failAt("secretsmanager.PutSecretValue", k, 400, "AccessDeniedException");

        Report report = runAws(format);

        long updated =
            aws.secrets(ACCOUNT, "us-east-1").stream()
                .filter(s -> s.currentValue().contains("v2"))
                .count();
        assertThat(updated).as("position %d", k).isEqualTo(N - 1);
        report.assertCounts("updated", "update", (int) updated);
      }
    }
  }

  @Test
  void fileWritesFailingAtEveryPositionAreCountedAsTheFilesOnDisk() throws Exception {
    writeSources("v1");
    for (int k = 1; k <= N; k++) {
      for (String format : FORMATS) {
        String out = "out-" + k + "-" + format;
        // A plain file where the k-th secret's directory must go: that one write fails.
        cli.write(out + "/s" + k, "in the way");
        cli.write("secretsync.yaml", fileConfig(out));

        Report report = run(cli.run(githubEnv(Map.of()), args(format)), format);

        int written = 0;
        for (int i = 1; i <= N; i++) {
          if (Files.isRegularFile(dir.resolve(out + "/s" + i + "/secret.json"))) {
            written++;
          }
        }
        assertThat(written).as("position %d", k).isEqualTo(N - 1);
        report.assertCounts("added", "create", written);
      }
    }
  }

  @Test
  void maxDeletesRefusalCountsNothingDeleted() throws Exception {
    writeSources("v1");
    cli.write("secretsync.yaml", awsConfig("deletion: {policy: delete, max_deletes: 2}"));
    assertThat(runAws("compact").exitCode).isZero();
    for (int i = 2; i <= N; i++) {
      Files.delete(dir.resolve("src/s" + i + "/secret.json"));
    }

    Report json = runAws("json");
    Report human = runAws("human");
    Report github = runAws("github");

    assertThat(names(aws.secrets(ACCOUNT, "us-east-1"))).hasSize(N);
    assertThat(json.exitCode).isEqualTo(1);
    assertThat(json.summary()).containsEntry("deleted", 0).containsEntry("not_attempted", N - 1);
    assertThat(github.outputs).contains("deleted=0\n").contains("changes=0\n");
    assertThat(github.stdout)
        .contains("::group::Target T (aws_secretsmanager): failed: 0 added, 0 updated, 0 deleted,")
        .contains("not attempted");
    assertThat(human.stdout)
        .contains("refusing to delete " + (N - 1))
        .contains("0 deleted")
        .doesNotContain(" " + (N - 1) + " deleted")
        .contains("recoverable for 7 days — not attempted");
  }

  // ---------------------------------------------------------------- helpers

  static final List<String> FORMATS = List.of("json", "human", "compact", "github");

  /** One secret per directory: s1/secret … sN/secret, each {"value": "<tag>-i"}. */
  private void writeSources(String tag) {
    for (int i = 1; i <= N; i++) {
      cli.write("src/s" + i + "/secret.json", "{\"value\": \"" + tag + "-" + i + "\"}");
    }
  }

  private String awsConfig(String extra) {
    return """
        sources:
          src: {file: {path: src}}
        aws: {region: us-east-1, endpoint: %s, role_pattern: "arn:aws:iam::{{account_id}}:role/S"}
        pipeline: {parallelism: 2}
        targets:
          T:
            imports: [src]
            account_id: "111111111111"
            %s
        """
        .formatted(aws.endpoint(), extra);
  }

  private static String fileConfig(String out) {
    return """
        sources:
          src: {file: {path: src}}
        targets:
          T: {type: file, path: %s, imports: [src]}
        """
        .formatted(out);
  }

  private Report runAws(String format) throws IOException {
    if (!Files.exists(dir.resolve("secretsync.yaml"))) {
      cli.write("secretsync.yaml", awsConfig(""));
    }
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
    env.put("AWS_SECRET_ACCESS_KEY", "not-a-real-secret-key");
    // A configured key: no key secret is created, so the emulator holds only the synced secrets.
    env.put("SECRETSYNC_FINGERPRINT_KEY", TestKeys.TEXT);
    return run(cli.run(githubEnv(env), args(format)), format);
  }

  private Map<String, String> githubEnv(Map<String, String> base) throws IOException {
    Files.deleteIfExists(dir.resolve("gh-output"));
    Files.deleteIfExists(dir.resolve("gh-summary"));
    Map<String, String> env = new HashMap<>(base);
    env.put("GITHUB_OUTPUT", dir.resolve("gh-output").toString());
    env.put("GITHUB_STEP_SUMMARY", dir.resolve("gh-summary").toString());
    env.put("RUNNER_TEMP", dir.toString());
    return env;
  }

  private String[] args(String format) {
    return new String[] {
      "pipeline",
      "-c",
      "secretsync.yaml",
      "-o",
      format,
      "--metrics-push-url",
      "http://127.0.0.1:" + gateway.getAddress().getPort()
    };
  }

  private Report run(CliHarness.Result r, String format) throws IOException {
    assertThat(r.all()).doesNotContain("v1-").doesNotContain("v2-");
    Path outputs = dir.resolve("gh-output");
    return new Report(
        format,
        r.exitCode(),
        r.stdout() + r.stderr(),
        Files.exists(outputs) ? Files.readString(outputs) : "",
        Files.exists(dir.resolve("gh-summary")) ? Files.readString(dir.resolve("gh-summary")) : "",
        pushed.get());
  }

  private static Set<String> names(List<AwsSecretView> secrets) {
    return secrets.stream().map(AwsSecretView::name).collect(Collectors.toCollection(TreeSet::new));
  }

  /** What one run reported in one format, plus the metrics it pushed. */
  private record Report(
      String format,
      int exitCode,
      String stdout,
      String outputs,
      String stepSummary,
      String metrics) {

    @SuppressWarnings("unchecked")
    Map<String, Object> summary() throws IOException {
      Map<String, Object> root =
          JSON.readValue(stdout.substring(0, stdout.lastIndexOf('}') + 1), Map.class);
      return (Map<String, Object>) root.get("summary");
    }

    /** The report says {@code done} writes of {@code category}, one failed, none unattempted. */
    void assertCounts(String category, String kind, int done) throws IOException {
      String what = format + " report:\n" + stdout;
      assertThat(exitCode).as(what).isEqualTo(1);
      switch (format) {
        case "json" -> {
          assertThat(summary())
              .as(what)
              .containsEntry(category, done)
              .containsEntry("failed", 1)
              .containsEntry("not_attempted", 0);
          assertThat(stdout).as(what).contains("\"outcome\" : \"failed\"");
        }
        case "human", "compact" ->
            assertThat(stdout)
                .as(what)
                .contains(done + " " + category + ",")
                .contains("1 failed")
                .doesNotContain((done + 1) + " " + category);
        case "github" -> {
          assertThat(stdout).as(what).contains(done + " " + category + ",");
          assertThat(outputs)
              .as(what)
              .contains(category + "=" + done + "\n")
              .contains("failed=1\n")
              .contains("changes=" + done + "\n");
          assertThat(stepSummary).as(what).contains(" — failed");
        }
        default -> throw new AssertionError(format);
      }
      assertThat(metrics)
          .as(what)
          .contains("secretsync_secrets_synced_total{change=\"" + kind + "\",target=\"T\"} " + done)
          .contains("secretsync_secrets_synced_total{change=\"failed\",target=\"T\"} 1");
    }
  }
}
