package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.testkit.AwsEmulator;
import dev.secretsync.testkit.TestKeys;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM / SIGINT in the middle of an apply: the CLI (a child JVM, signalled for real) prints the
 * report with "interrupted" and counts exactly the writes the emulator received, then exits with
 * 128 + the signal number.
 */
class InterruptedRunTest {
  static final int N = 40;
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  AwsEmulator aws;

  @BeforeEach
  void start() throws Exception {
    aws = AwsEmulator.start();
    for (int i = 0; i < N; i++) {
      Path f = dir.resolve("src/s" + i + ".json");
      Files.createDirectories(f.getParent());
      Files.writeString(f, "{\"value\": \"interrupt-me-" + i + "\"}");
    }
    Files.writeString(
        dir.resolve("secretsync.yaml"),
        """
        sources:
          src: {file: {path: src}}
        aws: {region: us-east-1, endpoint: %s, role_pattern: "arn:aws:iam::{{account_id}}:role/S"}
        pipeline: {parallelism: 1}
        targets:
          T: {imports: [src], account_id: "111111111111"}
          U: {imports: [T], account_id: "222222222222"}
        """
            .formatted(aws.endpoint()));
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  @Test
  void sigtermPrintsWhatWasDoneAndExits143() throws Exception {
    Process p = startCli();
    awaitCreates(3);

    p.destroy(); // SIGTERM

    assertInterrupted(p, 143);
  }

  @Test
  void sigintPrintsWhatWasDoneAndExits130() throws Exception {
    Process p = startCli();
    awaitCreates(3);

    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();

    assertInterrupted(p, 130);
  }

  /**
   * The audit log after SIGTERM: the target that finished before the signal keeps its lines, and
   * the interrupted one has exactly one {@code applied} line per secret the emulator holds and a
   * {@code not_attempted} line for each of the rest — the same truth as the report.
   */
  @Test
  @SuppressWarnings("unchecked")
  void sigtermKeepsTheAuditLinesOfFinishedWorkAndMarksTheRestNotAttempted() throws Exception {
    Files.createDirectories(dir.resolve("small"));
    Files.writeString(dir.resolve("small/a.json"), "{\"value\": \"interrupt-me-a\"}");
    Files.writeString(dir.resolve("small/b.json"), "{\"value\": \"interrupt-me-b\"}");
    Files.writeString(
        dir.resolve("secretsync.yaml"),
        """
        sources:
          src: {file: {path: src}}
          small: {file: {path: small}}
        aws: {region: us-east-1, endpoint: %s, role_pattern: "arn:aws:iam::{{account_id}}:role/S"}
        pipeline: {parallelism: 1}
        targets:
          First: {imports: [small], account_id: "333333333333"}
          T: {imports: [src, First], account_id: "111111111111"}
        """
            .formatted(aws.endpoint()));
    Process p = startCli("--audit-log", "audit.jsonl");
    awaitCreates(2 + 3);

    p.destroy(); // SIGTERM

    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stderr = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(stderr).isEqualTo(143);
    String audit = Files.readString(dir.resolve("audit.jsonl"), StandardCharsets.UTF_8);
    assertThat(audit).doesNotContain("interrupt-me-");
    List<Map<String, Object>> lines = new ArrayList<>();
    for (String line : audit.lines().toList()) {
      lines.add(JSON.readValue(line, Map.class));
    }
    List<Map<String, Object>> first =
        lines.stream().filter(l -> "First".equals(l.get("target"))).toList();
    assertThat(first)
        .as(audit)
        .extracting(l -> l.get("key") + " " + l.get("change") + " " + l.get("result"))
        .containsExactlyInAnyOrder("a create applied", "b create applied");
    int created = aws.secrets("111111111111", "us-east-1").size();
    List<Map<String, Object>> t = lines.stream().filter(l -> "T".equals(l.get("target"))).toList();
    assertThat(t.stream().filter(l -> "applied".equals(l.get("result"))))
        .as(audit)
        .hasSize(created);
    assertThat(t.stream().filter(l -> "not_attempted".equals(l.get("result"))))
        .as(audit)
        .hasSize(N + 2 - created);
    assertThat(Files.getPosixFilePermissions(dir.resolve("audit.jsonl")))
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
  }

  private Process startCli(String... extra) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("-cp");
    cmd.add(absoluteClassPath());
    cmd.add(Main.class.getName());
    cmd.addAll(List.of("pipeline", "-c", "secretsync.yaml", "-o", "json"));
    cmd.addAll(List.of(extra));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("stdout").toFile())
            .redirectError(dir.resolve("stderr").toFile());
    pb.environment().clear();
    pb.environment().put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
    pb.environment().put("AWS_SECRET_ACCESS_KEY", "not-a-real-secret-key");
    pb.environment().put("SECRETSYNC_FINGERPRINT_KEY", TestKeys.TEXT);
    aws.latency(Duration.ofMillis(150));
    return pb.start();
  }

  private void awaitCreates(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (aws.count("secretsmanager.CreateSecret") < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(aws.count("secretsmanager.CreateSecret")).isGreaterThanOrEqualTo(n);
  }

  @SuppressWarnings("unchecked")
  private void assertInterrupted(Process p, int expectedExit) throws Exception {
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stdout = Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8);
    String stderr = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
    String all = "exit " + p.exitValue() + "\n" + stdout + "\n" + stderr;
    assertThat(p.exitValue()).as(all).isEqualTo(expectedExit);
    assertThat(all).doesNotContain("interrupt-me-");
    Map<String, Object> report = JSON.readValue(stdout, Map.class);
    assertThat((List<String>) report.get("problems"))
        .as(all)
        .anyMatch(s -> s.startsWith("interrupted"));
    Map<String, Object> summary = (Map<String, Object>) report.get("summary");
    int created = aws.secrets("111111111111", "us-east-1").size();
    assertThat(created).as(all).isGreaterThan(0).isLessThan(N);
    assertThat(summary).as(all).containsEntry("added", created).containsEntry("failed", 0);
    assertThat((int) summary.get("not_attempted")).as(all).isEqualTo(N - created);
    assertThat(aws.secrets("222222222222", "us-east-1")).isEmpty();
    List<Map<String, Object>> targets = (List<Map<String, Object>>) report.get("targets");
    assertThat(targets.get(1)).containsEntry("status", "skipped");
  }

  private static String absoluteClassPath() {
    List<String> entries = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!e.isEmpty()) {
        entries.add(Path.of(e).toAbsolutePath().toString());
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
