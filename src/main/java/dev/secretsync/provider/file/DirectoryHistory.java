package dev.secretsync.provider.file;

import dev.secretsync.core.Bundle;
import dev.secretsync.core.HistoryEntry;
import dev.secretsync.spi.BundleHistory;
import dev.secretsync.spi.HistoryDocument;
import dev.secretsync.spi.HistoryOrigin;
import dev.secretsync.spi.KeptKey;
import dev.secretsync.spi.ProviderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The directory store's history: one file per saved version, {@code
 * <path>/history/<target>/<utc-time>-<fp12>.json} (see {@link HistoryDocument}), plaintext 0600
 * like the bundles, in 0700 directories. Written under the store's per-target lock.
 */
final class DirectoryHistory implements BundleHistory {
  private final Path root;
  private final KeptKey key;
  private final int keep;

  DirectoryHistory(Path root, KeptKey key, int keep) {
    this.root = root;
    this.key = key;
    this.keep = keep;
  }

  /** Records the save of {@code bundle} and deletes the entries beyond {@code keep}. */
  void record(String target, Bundle bundle, HistoryOrigin origin) throws IOException {
    List<Path> files = list(target);
    int latest =
        files.isEmpty() ? 0 : parsed(target, files.get(files.size() - 1)).entry().version();
    HistoryEntry entry = HistoryDocument.entry(latest + 1, origin, bundle, key.get());
    Path file = folder(target).resolve(HistoryDocument.name(entry));
    AtomicFiles.write(
        file, HistoryDocument.encode(target, entry, bundle), AtomicFiles.mode("0600"));
    files.add(file);
    for (Path old : files.subList(0, Math.max(0, files.size() - keep))) {
      Files.deleteIfExists(old);
    }
  }

  private Path folder(String target) {
    return root.resolve("history").resolve(target);
  }

  /** {@code target}'s entry files, oldest first. */
  private List<Path> list(String target) {
    Path dir = folder(target);
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.getFileName().toString().endsWith(".json")).forEach(out::add);
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException e) {
      throw new ProviderException(
          "directory", "history", false, "cannot list " + dir + ": " + e.getMessage(), e);
    }
    out.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return out;
  }

  private HistoryDocument.Parsed parsed(String target, Path file) {
    try {
      return HistoryDocument.decode(target, Files.readAllBytes(file));
    } catch (IOException | IllegalArgumentException e) {
      throw damaged(file, e instanceof IOException ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  @Override
  public List<HistoryEntry> entries(String target) {
    List<HistoryEntry> out = new ArrayList<>();
    for (Path f : list(target)) {
      out.add(parsed(target, f).entry());
    }
    out.sort(Comparator.comparingInt(HistoryEntry::version).reversed());
    return out;
  }

  @Override
  public Bundle bundle(String target, HistoryEntry entry) {
    Path file = folder(target).resolve(HistoryDocument.name(entry));
    try {
      return parsed(target, file).bundle(key.get());
    } catch (IllegalArgumentException e) {
      throw damaged(file, e.getMessage());
    }
  }

  private static ProviderException damaged(Path file, String why) {
    return new ProviderException(
        "directory", "history", false, "history entry " + file + " is damaged: " + why, null);
  }
}
