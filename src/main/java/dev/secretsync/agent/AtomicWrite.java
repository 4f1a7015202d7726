package dev.secretsync.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * The agent's file write: skipped when the file already holds the same bytes and mode (so a
 * no-change refresh never touches the file and its mtime stays), else a temp file in the same
 * directory, fsync, owner and mode set, rename over the destination, fsync the directory. A reader
 * sees the old content or the new, never a mix. The agent may not use {@code provider.file}
 * (DESIGN.md §6), hence its own copy of the technique.
 */
final class AtomicWrite {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  /**
   * The temp file is filled by us, so it needs owner write even when the final mode is read-only;
   * nobody else may read it before its final mode is set.
   */
  private static final Set<PosixFilePermission> WHILE_WRITING =
      PosixFilePermissions.fromString("rw-------");

  private AtomicWrite() {}

  /** Makes {@code file} hold {@code content} with {@code perms}, ownership as created. */
  static boolean writeIfChanged(Path file, byte[] content, Set<PosixFilePermission> perms)
      throws IOException {
    return writeIfChanged(file, content, perms, FileOwner.NONE);
  }

  /**
   * Makes {@code file} hold {@code content} with {@code perms} (and {@code owner}, when set).
   *
   * @return true when the file was written, false when it already held exactly this
   */
  static boolean writeIfChanged(
      Path file, byte[] content, Set<PosixFilePermission> perms, FileOwner owner)
      throws IOException {
    if (same(file, content)) {
      if (POSIX && owner.differs(file)) {
        owner.apply(file, file);
      }
      if (POSIX && !Files.getPosixFilePermissions(file).equals(perms)) {
        Files.setPosixFilePermissions(file, perms);
      }
      return false;
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    FileAttribute<?>[] attrs =
        POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(WHILE_WRITING)}
            : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", attrs);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      if (POSIX) {
        // Owner before mode (chown may clear mode bits), both before the rename: the file never
        // appears under its name with the wrong owner.
        owner.apply(tmp, file);
        Files.setPosixFilePermissions(tmp, perms);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(dir);
      return true;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Parses an octal mode such as {@code 0400}. */
  static Set<PosixFilePermission> mode(String octal) {
    int bits = Integer.parseInt(octal, 8);
    StringBuilder sb = new StringBuilder(9);
    for (int shift = 6; shift >= 0; shift -= 3) {
      sb.append((bits >> (shift + 2) & 1) == 1 ? 'r' : '-');
      sb.append((bits >> (shift + 1) & 1) == 1 ? 'w' : '-');
      sb.append((bits >> shift & 1) == 1 ? 'x' : '-');
    }
    return PosixFilePermissions.fromString(sb.toString());
  }

  private static boolean same(Path file, byte[] content) throws IOException {
    try {
      if (Files.size(file) != content.length) {
        return false;
      }
      return Arrays.equals(Files.readAllBytes(file), content);
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  private static void syncDirectory(Path dir) {
    if (!POSIX) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems cannot fsync a directory; the rename is still atomic there.
    }
  }
}
