package dev.secretsync.provider.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The in-flight registry, its shutdown hook (in a real child JVM, sent a real signal), the sweep.
 */
class TempFilesTest {
  @TempDir Path dir;

  @Test
  void aTempFileIsInFlightUntilReleased() throws IOException {
    Path tmp = TempFiles.create(dir);

    assertThat(tmp.getFileName().toString()).matches(TempFiles.OURS);
    assertThat(TempFiles.inFlight()).contains(tmp);

    TempFiles.release(tmp);

    assertThat(tmp).doesNotExist();
    assertThat(TempFiles.inFlight()).doesNotContain(tmp);
  }

  @Test
  void anAtomicWriteLeavesNoTempFileAndNothingInFlight() throws IOException {
    AtomicFiles.write(
        dir.resolve("a.json"), "{}".getBytes(StandardCharsets.UTF_8), AtomicFiles.mode("0600"));

    try (var entries = Files.list(dir)) {
      assertThat(entries).containsExactly(dir.resolve("a.json"));
    }
    assertThat(TempFiles.inFlight()).noneMatch(p -> p.startsWith(dir));
  }

  @Test
  void theSweepKeepsTempFilesInFlightEvenWhenOld() throws IOException {
    Path mine = TempFiles.create(dir);
    Files.setLastModifiedTime(mine, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    Path stale = Files.createFile(dir.resolve(".secretsync-12.tmp"));
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

    int removed = TempFiles.sweep(dir, Clock.systemUTC());

    assertThat(removed).isEqualTo(1);
    assertThat(stale).doesNotExist();
    assertThat(mine).exists();
    TempFiles.release(mine);
  }

  @Test
  void theSweepLeavesSymlinksAndSubdirectoriesAlone() throws IOException {
    Path target = Files.writeString(dir.resolve("real.json"), "{}");
    Path link = Files.createSymbolicLink(dir.resolve(".secretsync-7.tmp"), target);
    Path sub = Files.createDirectory(dir.resolve(".secretsync-8.tmp"));

    int removed = TempFiles.sweep(dir, Clock.offset(Clock.systemUTC(), Duration.ofDays(1)));

    assertThat(removed).isZero();
    assertThat(link).exists();
    assertThat(sub).exists();
  }

  /**
   * A child JVM holds a temp file mid-write (as an apply does between create and rename) and is
   * sent SIGINT (Ctrl-C) or SIGTERM (docker stop, Kubernetes): the shutdown hook deletes it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"INT", "TERM"})
  void aSignalDuringAWriteLeavesNoTempFile(String signal) throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                HoldTempFile.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).as("the child reports its temp file").isNotNull().startsWith("holding ");
      Path tmp = Path.of(line.substring("holding ".length()));
      assertThat(tmp).exists().hasParent(dir);

      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).inheritIO().start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();

      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child exits").isTrue();
      assertThat(tmp).as("deleted by the shutdown hook").doesNotExist();
      try (var entries = Files.list(dir)) {
        assertThat(entries).isEmpty();
      }
    } finally {
      child.destroyForcibly();
    }
  }

  /** The child: starts a write (a registered temp file holding a value) and never finishes it. */
  static final class HoldTempFile {
    public static void main(String[] args) throws Exception {
      Path tmp = TempFiles.create(Path.of(args[0]));
      Files.writeString(tmp, "{\"password\": \"mid-write\"}");
      System.out.println("holding " + tmp);
      System.out.flush();
      Thread.sleep(TimeUnit.MINUTES.toMillis(2));
    }
  }
}
