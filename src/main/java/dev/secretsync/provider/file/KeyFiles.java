package dev.secretsync.provider.file;

import dev.secretsync.core.FingerprintKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A fingerprint key kept in a file (mode 0600) beside the plaintext it protects. Created at most
 * once: a new key is written to a temp file and hard-linked into place, so two runs that start
 * together on one machine agree on the first key.
 */
final class KeyFiles {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private KeyFiles() {}

  /**
   * The key in {@code file}; when there is none, a new one — stored only when {@code create} (a dry
   * run uses a key for this run alone).
   *
   * @throws UncheckedIOException when the file cannot be read or written, or holds no key
   */
  static FingerprintKey loadOrCreate(Path file, boolean create) {
    try {
      if (Files.exists(file)) {
        return read(file);
      }
      FingerprintKey fresh = FingerprintKey.generate();
      if (!create) {
        return fresh;
      }
      AtomicFiles.createDirectories(file.getParent());
      Path tmp =
          POSIX
              ? TempFiles.create(
                  file.getParent(), PosixFilePermissions.asFileAttribute(AtomicFiles.mode("0600")))
              : TempFiles.create(file.getParent());
      try {
        Files.writeString(
            tmp,
            fresh.encoded() + "\n",
            StandardCharsets.US_ASCII,
            StandardOpenOption.WRITE,
            StandardOpenOption.SYNC);
        try {
          Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException e) {
          // Another run created it first: its key is the key.
        } catch (UnsupportedOperationException e) {
          Files.move(tmp, file);
        }
      } finally {
        TempFiles.release(tmp);
      }
      return read(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read or create the fingerprint key " + file + ": " + e.getMessage(), e);
    }
  }

  private static FingerprintKey read(Path file) throws IOException {
    try {
      return FingerprintKey.decode(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IOException(
          e.getMessage()
              + "; delete the file to let secretsync make a new key (the next run"
              + " then rewrites what it keeps)");
    }
  }
}
