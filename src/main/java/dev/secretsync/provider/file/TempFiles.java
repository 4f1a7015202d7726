package dev.secretsync.provider.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The temp files our atomic writes go through ({@code .secretsync-<digits>.tmp}, beside the file
 * they replace). They hold secret values, so none may outlive the write:
 *
 * <ul>
 *   <li>every temp file is registered while in flight, and a JVM shutdown hook deletes the
 *       registered ones — SIGINT / SIGTERM during an apply leaves nothing behind;
 *   <li>a process killed outright (SIGKILL, power loss) runs no hook, so {@link #sweep} removes
 *       stale ones — exactly our pattern, only in a directory we are about to write, and only when
 *       older than {@link #STALE_AFTER}: a younger one may belong to a concurrent run still
 *       writing.
 * </ul>
 */
final class TempFiles {
  static final String PREFIX = ".secretsync-";
  static final String SUFFIX = ".tmp";

  /** What {@link Files#createTempFile} makes of {@link #PREFIX} and {@link #SUFFIX}. */
  static final Pattern OURS = Pattern.compile("\\.secretsync-[0-9]+\\.tmp");

  /** A write takes milliseconds; a temp file this old was left by a run that died. */
  static final Duration STALE_AFTER = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(TempFiles.class);
  private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean HOOKED = new AtomicBoolean();
  private static final AtomicBoolean STOPPING = new AtomicBoolean();

  private TempFiles() {}

  /**
   * Creates and registers a temp file in {@code dir}; {@link #release} it when the write is done.
   *
   * @throws IOException when it cannot be created, or the JVM is shutting down
   */
  static Path create(Path dir, FileAttribute<?>... attrs) throws IOException {
    if (HOOKED.compareAndSet(false, true)) {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(TempFiles::deleteInFlight, "secretsync-temp-cleanup"));
    }
    if (STOPPING.get()) {
      throw new IOException("the process is shutting down; not starting a write");
    }
    Path tmp = Files.createTempFile(dir, PREFIX, SUFFIX, attrs);
    IN_FLIGHT.add(tmp);
    return tmp;
  }

  /** Deletes {@code tmp} if it is still there (a rename consumed it otherwise) and forgets it. */
  static void release(Path tmp) throws IOException {
    try {
      Files.deleteIfExists(tmp);
    } finally {
      IN_FLIGHT.remove(tmp);
    }
  }

  /** The temp files being written now (for the shutdown hook, and tests). */
  static Set<Path> inFlight() {
    return Set.copyOf(IN_FLIGHT);
  }

  /**
   * The shutdown hook: deletes every temp file still in flight. Writes that start afterwards are
   * refused, so a worker thread still running during shutdown cannot leave a new one.
   *
   * @return how many were deleted
   */
  static int deleteInFlight() {
    STOPPING.set(true);
    int deleted = 0;
    for (Path tmp : Set.copyOf(IN_FLIGHT)) {
      try {
        if (Files.deleteIfExists(tmp)) {
          deleted++;
        }
      } catch (IOException e) {
        // Best effort while the JVM exits; the next apply's sweep removes it.
      }
      IN_FLIGHT.remove(tmp);
    }
    return deleted;
  }

  /**
   * Removes our stale temp files directly in {@code dir} (not below it) and logs how many — never
   * their names' contents. Files of any other name, ours in flight, and young ones are kept.
   *
   * @return how many were removed
   */
  static int sweep(Path dir, Clock clock) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    FileTime cutoff = FileTime.from(clock.instant().minus(STALE_AFTER));
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
      for (Path p : entries) {
        if (OURS.matcher(p.getFileName().toString()).matches()
            && !IN_FLIGHT.contains(p)
            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
            && Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).compareTo(cutoff) < 0
            && Files.deleteIfExists(p)) {
          removed++;
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot check {} for stale temp files: {}", dir, e.getMessage());
    }
    if (removed > 0) {
      LOG.warn(
          "removed {} stale temp file(s) left in {} by an interrupted secretsync run",
          removed,
          dir);
    }
    return removed;
  }
}
