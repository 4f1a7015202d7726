package dev.secretsync.cli;

import dev.secretsync.config.MergeStoreConfig;
import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.core.IoProblems;
import dev.secretsync.core.TargetResult;
import dev.secretsync.engine.Progress;
import dev.secretsync.provider.s3.S3AuditArchive;
import dev.secretsync.report.AuditLines;
import dev.secretsync.spi.ProviderException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;

/**
 * The run's audit log ({@code --audit-log}, {@code audit:}): a {@link Progress} that appends each
 * finished target's lines ({@link AuditLines}) to the file and fsyncs them before the next target's
 * — so an interrupted or crashed run keeps what it did — and, with {@code audit.s3}, puts them as
 * one object at the end of the run. Without an audit destination, or on a dry run, it only passes
 * progress on.
 */
final class AuditTrail implements Progress, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private final Progress delegate;
  private final String command;
  private final AuditLines.Actor actor;
  private final Path path;
  private final FileChannel channel;
  private final MergeStoreConfig.S3 s3;
  private final Clock clock;
  private final StringBuilder archive = new StringBuilder();
  private final List<String> problems = new ArrayList<>();
  private String runId;

  private AuditTrail(
      Progress delegate,
      String command,
      AuditLines.Actor actor,
      Path path,
      FileChannel channel,
      MergeStoreConfig.S3 s3,
      Clock clock) {
    this.delegate = delegate;
    this.command = command;
    this.actor = actor;
    this.path = path;
    this.channel = channel;
    this.s3 = s3;
    this.clock = clock;
  }

  /**
   * Opens the audit destinations of a run before it writes anything.
   *
   * @param cliFile {@code --audit-log}, or null for {@code audit.file}
   * @param dryRun a dry run records nothing (and opens nothing)
   * @param command the command's name, recorded in each line
   * @param delegate the progress display to pass events on to
   * @param warn receives warnings (a log readable by others)
   * @throws IllegalStateException when the file cannot be opened for appending — before any write,
   *     so the run can stop with nothing changed
   */
  static AuditTrail open(
      SecretSyncConfig config,
      String cliFile,
      boolean dryRun,
      CliContext ctx,
      String command,
      Progress delegate,
      Consumer<String> warn) {
    AuditLines.Actor actor = AuditActor.of(ctx.env());
    if (dryRun) {
      return new AuditTrail(delegate, command, actor, null, null, null, Clock.systemUTC());
    }
    Path path =
        cliFile != null && !cliFile.isBlank()
            ? ctx.resolve(cliFile)
            : config.audit().file().map(config::resolve).orElse(null);
    FileChannel channel = path == null ? null : openForAppend(path, warn);
    return new AuditTrail(
        delegate,
        command,
        actor,
        path,
        channel,
        config.audit().s3().orElse(null),
        Clock.systemUTC());
  }

  private static FileChannel openForAppend(Path path, Consumer<String> warn) {
    try {
      try {
        return FileChannel.open(
            path,
            Set.of(
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
            posix(path) ? new FileAttribute<?>[] {OWNER_ONLY} : new FileAttribute<?>[0]);
      } catch (FileAlreadyExistsException e) {
        if (posix(path)) {
          Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
          if (perms.stream().anyMatch(p -> !p.name().startsWith("OWNER_"))) {
            // The operator may share it with a log shipper on purpose: say so, change nothing.
            warn.accept(
                "audit log "
                    + path
                    + " is readable by others ("
                    + PosixFilePermissions.toString(perms)
                    + "); it lists secret names and fingerprints — chmod 600 it unless that is"
                    + " intended");
          }
        }
        return FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      }
    } catch (NoSuchFileException e) {
      throw new IllegalStateException(
          "audit log "
              + path
              + ": its directory does not exist; create it or choose another --audit-log/audit.file"
              + " (nothing was written)");
    } catch (IOException e) {
      throw new IllegalStateException(
          "audit log "
              + path
              + ": cannot open it for appending: "
              + IoProblems.describe(e)
              + "; fix the path or its permissions (nothing was written)");
    }
  }

  private static boolean posix(Path path) {
    Path dir = path.toAbsolutePath().getParent();
    return dir != null
        && Files.exists(dir)
        && dir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  @Override
  public void started(int sources, int targets) {
    delegate.started(sources, targets);
  }

  @Override
  public void sourceRead(String source, int secrets) {
    delegate.sourceRead(source, secrets);
  }

  @Override
  public void targetDone(String target, int written) {
    delegate.targetDone(target, written);
  }

  @Override
  public void finished() {
    delegate.finished();
  }

  @Override
  public void targetFinished(String id, TargetResult result, boolean refused) {
    delegate.targetFinished(id, result, refused);
    if (channel == null && s3 == null) {
      return;
    }
    List<String> lines = AuditLines.of(clock.instant(), id, command, actor, result, refused);
    if (lines.isEmpty()) {
      return;
    }
    String text = String.join("\n", lines) + "\n";
    synchronized (this) {
      runId = id;
      if (s3 != null) {
        archive.append(text);
      }
      if (channel != null) {
        append(text, lines.size(), result.target());
      }
    }
  }

  private void append(String text, int count, String target) {
    try {
      ByteBuffer bytes = StandardCharsets.UTF_8.encode(text);
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      // Durable before the next target starts writing: a crash loses no recorded change.
      channel.force(false);
    } catch (IOException e) {
      problems.add(
          "audit log "
              + path
              + ": could not append "
              + count
              + " line(s) of target "
              + target
              + ": "
              + IoProblems.describe(e)
              + "; the changes were made — the report lists them");
    }
  }

  /**
   * Ends the run's record: puts the {@code audit.s3} object (when anything was recorded) and closes
   * the file.
   *
   * @param started when the run started (names the S3 object)
   * @return what could not be recorded, one line each; empty when everything was
   */
  synchronized List<String> finish(SecretSyncConfig config, CliContext ctx, Instant started) {
    if (s3 != null && archive.length() > 0) {
      try (SdkHttpClient http = ApacheHttpClient.builder().build()) {
        String url =
            S3AuditArchive.put(
                s3, config.aws(), ctx.env(), http, started, runId, archive.toString());
        LOG.info("audit: recorded the run's changes in {}", url);
      } catch (ProviderException e) {
        problems.add(e.getMessage() + "; the changes were made — the report lists them");
      }
      archive.setLength(0);
    }
    close();
    return List.copyOf(problems);
  }

  @Override
  public synchronized void close() {
    if (channel != null && channel.isOpen()) {
      try {
        channel.close();
      } catch (IOException e) {
        problems.add("audit log " + path + ": " + IoProblems.describe(e));
      }
    }
  }
}
