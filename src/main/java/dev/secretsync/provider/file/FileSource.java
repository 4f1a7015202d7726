package dev.secretsync.provider.file;

import dev.secretsync.core.Printable;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.RunContext;
import dev.secretsync.spi.SecretSource;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A directory of {@code .yaml}, {@code .yml} and {@code .json} files; each file is one secret whose
 * key is its path relative to the directory without the extension ({@code config/database.yaml} →
 * {@code config/database}). Hidden files and directories (starting with {@code .}) are skipped.
 * Symlinked directories are followed; a symlink loop is skipped with a warning, as is a file whose
 * name cannot be a key (the rest of the source is still read; deletions wait, as for any skip).
 */
public final class FileSource implements SecretSource {
  private final String name;
  private final Path root;
  private final RunContext ctx;
  private final Map<SecretKey, Path> files = new TreeMap<>();
  private Path walkRoot;

  /**
   * @param name the source's name (for messages)
   * @param root the directory
   * @param ctx the run
   */
  public FileSource(String name, Path root, RunContext ctx) {
    this.name = name;
    this.root = root;
    this.ctx = ctx;
  }

  @Override
  public List<SecretKey> list() {
    if (!Files.isDirectory(root)) {
      throw new ProviderException(
          "file",
          "list",
          false,
          "directory " + root + " does not exist (sources." + name + ".file.path)");
    }
    files.clear();
    // Follow a root that is a symlink (e.g. secrets -> releases/42/secrets): Files.walk does not.
    Path root;
    try {
      root = this.root.toRealPath();
      walkRoot = root;
    } catch (IOException e) {
      throw new ProviderException(
          "file", "list", false, "cannot resolve " + this.root + ": " + e, e);
    }
    List<String> problems = new ArrayList<>();
    List<Path> found = new ArrayList<>();
    try {
      // Symlinked directories are followed (a release layout links them in); a link back up the
      // tree is a loop, skipped with a warning instead of walked forever.
      Files.walkFileTree(
          root,
          EnumSet.of(FileVisitOption.FOLLOW_LINKS),
          Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return hidden(root.relativize(dir))
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile()
                  && !hidden(root.relativize(file))
                  && JsonFiles.isSecretFile(file.getFileName().toString())) {
                found.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
              if (e instanceof FileSystemLoopException) {
                warn(
                    "skipped "
                        + Printable.of(rel(file))
                        + ": a symlink loop (it links to a directory above it)");
                return FileVisitResult.CONTINUE;
              }
              throw e;
            }
          });
    } catch (IOException e) {
      // No "source X:" prefix: the engine names the failed source.
      throw new ProviderException("file", "list", false, "cannot list " + root + ": " + e, e);
    }
    found.stream().sorted().forEach(p -> add(p, problems));
    if (!problems.isEmpty()) {
      throw new ProviderException("file", "list", false, String.join("; ", problems));
    }
    return List.copyOf(files.keySet());
  }

  private String rel(Path file) {
    return walkRoot.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
  }

  private void warn(String message) {
    ctx.warnings().warn("source " + name + ": " + message);
  }

  private void add(Path file, List<String> problems) {
    String rel = rel(file);
    String keyText = rel.substring(0, rel.lastIndexOf('.'));
    String problem = SecretKey.problem(keyText);
    if (problem != null) {
      // One odd file name must not fail every target: skip it, named safely (it may hold a
      // newline or an escape sequence that would forge a log line).
      warn(
          "skipped "
              + Printable.of(rel)
              + ": the file name cannot be a secret key ("
              + problem
              + "); rename the file");
      return;
    }
    Path previous = files.put(SecretKey.of(keyText), file);
    if (previous != null) {
      problems.add(
          "two files make the key \""
              + keyText
              + "\": "
              + walkRoot.relativize(previous)
              + " and "
              + rel
              + " (keep one)");
    }
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Map<SecretKey, Secret> read(Collection<SecretKey> keys) {
    List<Callable<Secret>> tasks = new ArrayList<>();
    List<SecretKey> order = new ArrayList<>();
    for (SecretKey key : keys) {
      Path file = files.get(key);
      if (file == null) {
        ctx.warnings().warn("source " + name + ": " + key + " was not listed; skipped");
        continue;
      }
      order.add(key);
      String display = file.toString();
      tasks.add(() -> Secret.of(JsonFiles.readObject(file, display)));
    }
    Map<SecretKey, Secret> out = new TreeMap<>();
    try {
      List<Future<Secret>> results = ctx.ioExecutor().invokeAll(tasks);
      for (int i = 0; i < results.size(); i++) {
        out.put(order.get(i), results.get(i).get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException("file", "read", false, "interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new ProviderException("file", "read", false, cause.getMessage(), cause);
    }
    return out;
  }

  @Override
  public void close() {}
}
