package dev.secretsync.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {
  @TempDir Path dir;

  @Test
  void equalBytesAreNotRewritten() throws Exception {
    Path f = dir.resolve("a/b/secret");
    assertThat(AtomicWrite.writeIfChanged(f, bytes("v1"), AtomicWrite.mode("0400"))).isTrue();
    FileTime before = FileTime.fromMillis(1_000_000);
    Files.setLastModifiedTime(f, before);

    boolean written = AtomicWrite.writeIfChanged(f, bytes("v1"), AtomicWrite.mode("0400"));

    assertThat(written).isFalse();
    assertThat(Files.getLastModifiedTime(f)).isEqualTo(before);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("r--------");
  }

  @Test
  void aChangedModeAloneIsAppliedWithoutRewriting() throws Exception {
    Path f = dir.resolve("secret");
    AtomicWrite.writeIfChanged(f, bytes("v1"), AtomicWrite.mode("0400"));

    boolean written = AtomicWrite.writeIfChanged(f, bytes("v1"), AtomicWrite.mode("0440"));

    assertThat(written).isFalse();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("r--r-----");
  }

  @Test
  void aConcurrentReaderSeesOldOrNewContentNeverAMix() throws Exception {
    Path f = dir.resolve("secret");
    String a = "A".repeat(200_000);
    String b = "B".repeat(300_000);
    AtomicWrite.writeIfChanged(f, bytes(a), AtomicWrite.mode("0600"));
    AtomicBoolean done = new AtomicBoolean();
    List<String> torn = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                try {
                  String s = Files.readString(f);
                  if (!s.equals(a) && !s.equals(b)) {
                    torn.add(s.length() + " chars");
                  }
                } catch (Exception e) {
                  torn.add(e.toString());
                }
              }
            });
    reader.start();

    for (int i = 0; i < 200; i++) {
      AtomicWrite.writeIfChanged(f, bytes(i % 2 == 0 ? b : a), AtomicWrite.mode("0600"));
    }
    done.set(true);
    reader.join();

    assertThat(torn).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files).as("no temp files left").containsExactly(f);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
