package dev.secretsync.bench;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private static final Path ARCHIVE = DIR.resolve("executable-cds.jsa");

  private ExecutableClassPath() {}

  /** The executable's jar and the one-class jar of {@link BenchCli}. */
  static synchronized String classPath() {
    try {
      Path benchJar = DIR.resolve("benchcli.jar");
      if (!Files.exists(benchJar)) {
        Files.createDirectories(DIR);
        try (OutputStream out = Files.newOutputStream(benchJar);
            JarOutputStream jar = new JarOutputStream(out)) {
          String name = BenchCli.class.getName().replace('.', '/') + ".class";
          jar.putNextEntry(new JarEntry(name));
          jar.write(Files.readAllBytes(Path.of("target", "test-classes", name)));
          jar.closeEntry();
        }
      }
      return executableJar() + File.pathSeparator + benchJar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The options that map the archive, recording it first when there is none. */
  static synchronized List<String> flags() {
    if (!Files.exists(ARCHIVE)) {
      record();
    }
    return List.of(
        "-XX:SharedArchiveFile=" + ARCHIVE,
        "-Xshare:auto",
        "-Xlog:cds=off",
        "-Xlog:cds+dynamic=off");
  }

  private static Path executableJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("secretsync-.*-all\\.jar"))
          .findFirst()
          .orElseThrow(
              () -> new IllegalStateException("no target/secretsync-*-all.jar: package first"))
          .toAbsolutePath();
    }
  }

  private static void record() {
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
      cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + ARCHIVE, "-Xlog:cds=off"));
      cmd.addAll(List.of("-cp", classPath(), BenchCli.class.getName()));
      cmd.addAll(List.of("pipeline", "--config", "secretsync.yaml", "--dry-run"));
      Process p =
          new ProcessBuilder(cmd)
              .directory(work.toFile())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(ARCHIVE)) {
        throw new IllegalStateException("recording the class-data archive failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
