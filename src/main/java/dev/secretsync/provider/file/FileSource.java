package dev.secretsync.provider.file;

import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.RunContext;
import dev.secretsync.spi.SecretSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * A directory of {@code .yaml}, {@code .yml} and {@code .json} files; each file is one secret whose
 * key is its path relative to the directory without the extension ({@code config/database.yaml} →
 * {@code config/database}). Hidden files and directories (starting with {@code .}) are skipped.
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
          "file", "list", false, "source " + name + ": directory " + root + " does not exist");
    }
    files.clear();
    // Follow a root that is a symlink (e.g. secrets -> releases/42/secrets): Files.walk does not.
    Path root;
    try {
      root = this.root.toRealPath();
      walkRoot = root;
    } catch (IOException e) {
      throw new ProviderException(
          "file", "list", false, "source " + name + ": cannot resolve " + this.root + ": " + e, e);
    }
    List<String> problems = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(p -> !hidden(root.relativize(p)))
          .filter(Files::isRegularFile)
          .filter(p -> JsonFiles.isSecretFile(p.getFileName().toString()))
          .sorted()
          .forEach(p -> add(p, problems));
    } catch (IOException e) {
      throw new ProviderException(
          "file", "list", false, "source " + name + ": cannot list " + root + ": " + e, e);
    }
    if (!problems.isEmpty()) {
      throw new ProviderException(
          "file", "list", false, "source " + name + ": " + String.join("; ", problems));
    }
    return List.copyOf(files.keySet());
  }

  private void add(Path file, List<String> problems) {
    String rel =
        walkRoot.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    String keyText = rel.substring(0, rel.lastIndexOf('.'));
    String problem = SecretKey.problem(keyText);
    if (problem != null) {
      problems.add(rel + ": the file name does not make a valid secret key: " + problem);
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
      throw new ProviderException("file", "read", false, "source " + name + ": interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new ProviderException(
          "file", "read", false, "source " + name + ": " + cause.getMessage(), cause);
    }
    return out;
  }

  @Override
  public void close() {}
}
