package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.VaultEmulator;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secretsync agent} as a real process (a child JVM running {@link Main}), stopped by a real
 * SIGTERM while a render is in flight; a reader polls the destination the whole time.
 */
class AgentSigtermTest {
  private static final String ROLE_ID = "agent-role-5f0e";
  private static final String SECRET_ID = "agent-secret-id-83b1c2";
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(6);

  /** Large values, so a torn write (a mix or a prefix) would be visible to the reader. */
  private static final String OLD = "old-" + "a".repeat(300_000);

  private static final String NEW = "new-" + "b".repeat(400_000);

  @TempDir Path dir;
  VaultEmulator vault;

  @BeforeEach
  void start() {
    vault = VaultEmulator.start().mountKv("secret", 2).addAppRole("approle", ROLE_ID, SECRET_ID);
    vault.put("secret", "app/big", Map.of("value", OLD));
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  @Test
  void sigtermDuringARenderLetsItFinishRevokesTheTokenAndExitsZeroInTime() throws Exception {
    Path file = dir.resolve("out/big.txt");
    Process p = startAgent();
    List<String> seen = new CopyOnWriteArrayList<>();
    AtomicBoolean reading = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    Thread reader = new Thread(() -> readUntilStopped(file, reading, reads, seen), "reader");
    try {
      awaitTrue(() -> read(file).equals(OLD), "first render", p);
      reader.start();
      // Content flips while the reader reads: every render replaces a large file.
      for (int i = 0; i < 3; i++) {
        String next = (i % 2 == 0 ? NEW : OLD);
        vault.put("secret", "app/big", Map.of("value", next));
        awaitTrue(() -> read(file).equals(next), "render " + i, p);
      }
      vault.latency(Duration.ofMillis(800));
      vault.put("secret", "app/big", Map.of("value", NEW));
      long before = vault.count("kv.read");
      awaitTrue(() -> vault.count("kv.read") > before, "a read in flight", p);

      long t0 = System.nanoTime();
      p.destroy(); // SIGTERM
      boolean exited = p.waitFor(30, TimeUnit.SECONDS);
      long tookMs = (System.nanoTime() - t0) / 1_000_000;

      String log = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
      assertThat(exited).as(log).isTrue();
      assertThat(p.exitValue()).as(log).isZero();
      assertThat(tookMs)
          .as("stopped within shutdown_timeout")
          .isLessThan(SHUTDOWN_TIMEOUT.toMillis());
      assertThat(read(file)).as("the render in flight finished").isEqualTo(NEW);
      assertThat(vault.count("token.revoke")).as("the agent revoked its own token").isEqualTo(1);
      assertThat(log).contains("agent: stopped").doesNotContain("aaaaaaaa", "bbbbbbbb");
      assertThat(dir.resolve("out").toFile().list()).as("no temp files").containsExactly("big.txt");
    } finally {
      reading.set(false);
      reader.join(5_000);
      p.destroyForcibly();
    }
    assertThat(reads.get()).as("the reader ran").isGreaterThan(10);
    assertThat(seen).as("every read saw a whole old or new file").isEmpty();
  }

  /** Reads the file until stopped; records anything that is neither value (never the content). */
  private static void readUntilStopped(
      Path file, AtomicBoolean reading, AtomicInteger reads, List<String> torn) {
    while (reading.get()) {
      try {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        reads.incrementAndGet();
        if (!s.equals(OLD) && !s.equals(NEW)) {
          torn.add(s.length() + " chars starting " + s.substring(0, Math.min(4, s.length())));
        }
      } catch (NoSuchFileException e) {
        torn.add("file missing");
      } catch (IOException e) {
        torn.add(e.toString());
      }
    }
  }

  private Process startAgent() throws IOException {
    Files.writeString(
        dir.resolve("agent.yaml"),
        """
        vault: {auth: {approle: {role_id: "%s", secret_id: "${AGENT_SECRET_ID}"}}}
        agent:
          shutdown_timeout: %ds
          health: {port: 0}
          status_file: status.json
          secrets:
            - name: big
              vault: {path: secret/app/big}
              refresh: 100ms
              destination: out/big.txt
              template: '{{ .value }}'
        """
            .formatted(ROLE_ID, SHUTDOWN_TIMEOUT.toSeconds()));
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-cp", absoluteClassPath(), Main.class.getName()));
    cmd.addAll(List.of("agent", "--config", "agent.yaml"));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("stdout").toFile())
            .redirectError(dir.resolve("stderr").toFile());
    pb.environment().clear();
    pb.environment().put("VAULT_ADDR", vault.address());
    pb.environment().put("AGENT_SECRET_ID", SECRET_ID);
    return pb.start();
  }

  private void awaitTrue(BooleanSupplier c, String what, Process p)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!c.getAsBoolean()) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(
            "waiting for " + what + ": " + Files.readString(dir.resolve("stderr")));
      }
      Thread.sleep(20);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
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
