package dev.secretsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.secretsync.core.RunReport;
import dev.secretsync.engine.Shard;
import dev.secretsync.report.JsonFormat;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --report-file}: the run's JSON report (the {@code -o json} document, whatever {@code -o}
 * prints), plus which shard wrote it — what {@code secretsync report} combines. A run that fails
 * before it has a report still writes one (no targets, the error as a problem), so a combined
 * report names the failed shard instead of calling it missing. Written to a temporary file beside
 * the destination and renamed, so a reader never sees half a report.
 */
final class ReportFile {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportFile() {}

  /** The report document, with the shard when the run was sharded. */
  static Map<String, Object> of(RunReport report, Shard shard, Collection<String> shardTargets) {
    Map<String, Object> doc = JsonFormat.toJson(report);
    if (shard != null) {
      doc.put("shard", shard(shard, shardTargets));
    }
    return doc;
  }

  /** A report for a run that failed before it could plan anything. */
  static Map<String, Object> failure(String message, Shard shard, boolean dryRun, String mode) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema_version", JsonFormat.SCHEMA_VERSION);
    doc.put("run_id", null);
    doc.put("dry_run", dryRun);
    doc.put("mode", mode.toLowerCase(Locale.ROOT));
    doc.put("ok", false);
    Map<String, Object> summary = new LinkedHashMap<>();
    for (String k :
        List.of(
            "added",
            "updated",
            "deleted",
            "orphaned",
            "unchanged",
            "failed",
            "changes",
            "not_attempted")) {
      summary.put(k, 0);
    }
    doc.put("summary", summary);
    doc.put("targets", List.of());
    doc.put("problems", List.of(message));
    doc.put("warnings", List.of());
    if (shard != null) {
      doc.put("shard", shard(shard, List.of()));
    }
    return doc;
  }

  private static Map<String, Object> shard(Shard shard, Collection<String> targets) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", shard.index());
    m.put("count", shard.count());
    m.put("targets", new ArrayList<>(targets));
    return m;
  }

  /**
   * Writes {@code doc} to {@code file} atomically.
   *
   * @throws IllegalStateException naming the file when it cannot be written
   */
  static void write(Path file, Map<String, Object> doc) {
    Path target = file.toAbsolutePath();
    Path tmp = null;
    try {
      if (target.getParent() != null) {
        Files.createDirectories(target.getParent());
      }
      tmp = Files.createTempFile(target.getParent(), ".report-", ".tmp");
      Files.writeString(tmp, MAPPER.writeValueAsString(doc) + "\n");
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "--report-file " + file + ": cannot write the report: " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // Moved already, or gone: nothing left behind either way.
        }
      }
    }
  }
}
