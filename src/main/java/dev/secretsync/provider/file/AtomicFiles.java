package dev.secretsync.provider.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Crash-safe file writes: write a temp file in the same directory (created with the final
 * permissions, so the content is never readable by others even briefly), fsync it, rename it over
 * the target, fsync the directory. A reader sees the old file or the new one, never a mix. Temp
 * files are tracked by {@link TempFiles}, so an interrupted run leaves none behind.
 */
final class AtomicFiles {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private AtomicFiles() {}

  /** Parses an octal mode such as {@code 0600}. */
  static Set<PosixFilePermission> mode(String octal) {
    int bits = Integer.parseInt(octal, 8);
    StringBuilder sb = new StringBuilder();
    String rwx = "rwx";
    for (int shift = 6; shift >= 0; shift -= 3) {
      for (int i = 0; i < 3; i++) {
        sb.append((bits >> (shift + 2 - i) & 1) == 1 ? rwx.charAt(i) : '-');
      }
    }
    return PosixFilePermissions.fromString(sb.toString());
  }

  /**
   * Creates {@code dir} and missing parents with mode 0700 (existing ones are left as they are).
   */
  static void createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.getParent();
    if (parent != null) {
      createDirectories(parent);
    }
    try {
      if (POSIX) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(mode("0700")));
      } else {
        Files.createDirectory(dir);
      }
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // Targets run in parallel and may share a parent directory: another one made it first.
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
  }

  /** Atomically replaces {@code file} with {@code content}, with permissions {@code perms}. */
  static void write(Path file, byte[] content, Set<PosixFilePermission> perms) throws IOException {
    Path dir = file.getParent();
    createDirectories(dir);
    FileAttribute<?>[] attrs =
        POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)}
            : new FileAttribute<?>[0];
    Path tmp = TempFiles.create(dir, attrs);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      if (POSIX) {
        Files.setPosixFilePermissions(tmp, perms); // umask may have narrowed the create mode
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(dir);
    } finally {
      TempFiles.release(tmp);
    }
  }

  /** Deletes {@code file}, then parent directories that became empty, up to {@code root}. */
  static void delete(Path file, Path root) throws IOException {
    Files.deleteIfExists(file);
    Path dir = file.getParent();
    while (dir != null && !dir.equals(root) && dir.startsWith(root)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          break;
        }
      }
      Files.deleteIfExists(dir);
      dir = dir.getParent();
    }
    syncDirectory(
        file.getParent() != null && Files.isDirectory(file.getParent()) ? file.getParent() : root);
  }

  private static void syncDirectory(Path dir) {
    if (!POSIX || dir == null || !Files.isDirectory(dir)) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems cannot fsync a directory; the rename is still atomic there.
    }
  }
}
