package dev.secretsync.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Reads and writes plan files. A write goes to a temp file in the same directory, is synced and
 * renamed over the target, so a reader (the artifact upload) sees the old file or the new one, and
 * the temp file is removed whatever happens. No mode is forced: a plan holds no values.
 */
public final class PlanFile {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PlanFile() {}

  /**
   * Writes {@code plan} to {@code file}.
   *
   * @throws UncheckedIOException with the path when it cannot be written
   */
  public static void write(Path file, SavedPlan plan) {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp = null;
    try {
      byte[] bytes =
          (MAPPER.writeValueAsString(PlanJson.document(plan)) + "\n")
              .getBytes(StandardCharsets.UTF_8);
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(bytes));
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the plan file " + file + ": " + e, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // Best effort: the write already failed, and that is what is reported.
        }
      }
    }
  }

  /**
   * Reads a plan file.
   *
   * @param name the file as the user named it, for messages
   * @throws PlanException naming the file and what is wrong with it
   */
  @SuppressWarnings("unchecked")
  public static SavedPlan read(Path file, String name) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new PlanException("plan file " + name + " does not exist");
    } catch (IOException e) {
      throw new PlanException("cannot read plan file " + name + ": " + e.getMessage());
    }
    Map<String, Object> json;
    try {
      json = MAPPER.readValue(text, Map.class);
    } catch (JsonProcessingException e) {
      throw new PlanException(
          "plan file "
              + name
              + " is not JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + "); make a new plan with `secretsync pipeline --dry-run --plan-file`");
    }
    try {
      return PlanJson.read(json);
    } catch (PlanException e) {
      throw new PlanException("plan file " + name + ": " + e.getMessage());
    }
  }
}
