package dev.secretsync.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Notices that the config file changed by comparing its bytes once a second. Polling one small file
 * is cheap, and unlike a {@code WatchService} it follows Kubernetes ConfigMap updates, which swap a
 * symlink to a new directory instead of writing the file.
 */
final class ConfigWatch {
  private final Path file;
  private byte[] last;

  ConfigWatch(Path file) {
    this.file = file;
    this.last = read();
  }

  /** True once per change of the file's content (a missing file is no change). */
  boolean changed() {
    byte[] now = read();
    if (now == null || Arrays.equals(now, last)) {
      return false;
    }
    last = now;
    return true;
  }

  private byte[] read() {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      return null;
    }
  }
}
