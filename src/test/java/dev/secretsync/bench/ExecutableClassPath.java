package dev.secretsync.bench;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * {@code -Dbench.cli.executable=true}: the CLI runs from the executable's jar ({@code
 * target/secretsync-*-all.jar}) with the class-data archive the launcher records, instead of {@code
 * target/classes} and the dependency jars. Class-data sharing archives classes from jars only, so
 * {@link BenchCli} goes into a jar of its own, and the archive is recorded once, as the launcher
 * records it: a dry run of a one-secret config with {@code -XX:ArchiveClassesAtExit}.
 */
final class ExecutableClassPath {
  private static final Path DIR = Path.of("target", "bench").toAbsolutePath();

  private ExecutableClassPath() {}

  /** The executable's jar and the one-class jar of {@link BenchCli}. */
  static synchronized String classPath() {
    try {
      return executableJar() + File.pathSeparator + benchJar();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one-class jar of {@link BenchCli}, rewritten when the class was compiled since. */
  private static Path benchJar() throws IOException {
    Path benchJar = DIR.resolve("benchcli.jar");
    String name = BenchCli.class.getName().replace('.', '/') + ".class";
    Path compiled = Path.of("target", "test-classes", name);
    if (!Files.exists(benchJar)
        || Files.getLastModifiedTime(compiled).compareTo(Files.getLastModifiedTime(benchJar)) > 0) {
      Files.createDirectories(DIR);
      try (OutputStream out = Files.newOutputStream(benchJar);
          JarOutputStream jar = new JarOutputStream(out)) {
        jar.putNextEntry(new JarEntry(name));
        jar.write(Files.readAllBytes(compiled));
        jar.closeEntry();
      }
    }
    return benchJar;
  }

  /** The options that map the archive, recording it first when there is none. */
  static synchronized List<String> flags() {
    Path archive = archive();
    if (!Files.exists(archive)) {
      record(archive);
    }
    return List.of(
        "-XX:SharedArchiveFile=" + archive,
        "-Xshare:auto",
        "-Xlog:cds=off",
        "-Xlog:cds+dynamic=off");
  }

  /**
   * {@code target/secretsync-*-all.jar}, or the executable named by {@code bench.cli.jar} (e.g. a
   * copy of an earlier build's {@code target/secretsync}, to measure before and after alternately).
   */
  private static Path executableJar() throws IOException {
    String other = System.getProperty("bench.cli.jar", "");
    if (!other.isEmpty()) {
      return Path.of(other).toAbsolutePath();
    }
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("secretsync-.*-all\\.jar"))
          .findFirst()
          .orElseThrow(
              () -> new IllegalStateException("no target/secretsync-*-all.jar: package first"))
          .toAbsolutePath();
    }
  }

  /**
   * The archive for this build of the jar: the JVM silently refuses an archive whose jar changed
   * since it was recorded, so an archive named after an older build would measure a start without
   * one. Keyed like the launcher's, by the jar's size and modification time (and the bench jar's).
   */
  private static Path archive() {
    try {
      Path jar = executableJar();
      String key =
          Long.toHexString(Files.size(jar))
              + "-"
              + Long.toHexString(Files.getLastModifiedTime(jar).toMillis())
              + "-"
              + Long.toHexString(Files.getLastModifiedTime(benchJar()).toMillis());
      return DIR.resolve("executable-cds-" + key + ".jsa");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void record(Path archive) {
    try {
      Path work = Files.createTempDirectory("cds-training");
      Files.createDirectories(work.resolve("src"));
      Files.writeString(work.resolve("src/example.json"), "{\"key\": \"value\"}\n");
      Files.writeString(
          work.resolve("secretsync.yaml"),
          "sources:\n  s: {file: {path: src}}\ntargets:\n  T: {type: file, path: out, imports: [s]}\n");
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(CliProcess.LAUNCHER_FLAGS);
      cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off"));
      cmd.addAll(List.of("-cp", classPath(), BenchCli.class.getName()));
      cmd.addAll(List.of("pipeline", "--config", "secretsync.yaml", "--dry-run"));
      Process p =
          new ProcessBuilder(cmd)
              .directory(work.toFile())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(archive)) {
        throw new IllegalStateException("recording the class-data archive failed");
      }
      try (Stream<Path> files = Files.list(DIR)) {
        for (Path old : files.toList()) {
          String name = old.getFileName().toString();
          if (name.startsWith("executable-cds")
              && !old.equals(archive)
              && Files.getLastModifiedTime(old).toMillis()
                  < System.currentTimeMillis() - Duration.ofHours(1).toMillis()) {
            Files.delete(
                old); // another build's, over an hour old (a newer one may be in an A/B run)
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
