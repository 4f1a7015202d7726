package dev.secretsync.core;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The cause of a file-system failure in words a user can act on. The JDK puts only the path in the
 * message of most of these ({@code AccessDeniedException: /x}), which reads as no reason at all.
 */
public final class IoProblems {
  private IoProblems() {}

  /** E.g. {@code permission denied}, {@code read-only file system}, {@code is a directory}. */
  public static String describe(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof NotDirectoryException) {
      return "a path component is a file, not a directory";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "already exists";
    }
    if (e instanceof CharacterCodingException) {
      return "not UTF-8 text";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      // The OS's reason ("Read-only file system", "Is a directory", "No space left on device").
      String reason = fse.getReason();
      return Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
