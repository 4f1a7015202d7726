package dev.secretsync.ship;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the repository's shell scripts (entrypoint.sh, scripts/*) the way a runner would. */
final class ShellScripts {
  private ShellScripts() {}

  /** The repository root (surefire runs tests from the project directory). */
  static Path repo() {
    Path dir = Path.of("").toAbsolutePath();
    if (!Files.exists(dir.resolve("pom.xml"))) {
      throw new IllegalStateException("tests must run from the project directory, not " + dir);
    }
    return dir;
  }

  /** The first executable named {@code name} on PATH, or null. */
  static Path onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** bash, or the test is skipped (with the reason) where there is none. */
  static Path bash() {
    Path bash = onPath("bash");
    assumeTrue(bash != null, "bash is not on PATH: shell script tests skipped");
    return bash;
  }

  /** Result of a process: exit code and both streams. */
  record Run(int exit, String out, String err) {}

  /** Runs {@code command} in {@code dir} with exactly {@code env} as its environment. */
  static Run run(List<String> command, Path dir, Map<String, String> env) {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      Path out = Files.createTempFile("sh-out", ".txt");
      Path err = Files.createTempFile("sh-err", ".txt");
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      Run run =
          new Run(
              p.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return run;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Writes an executable script. */
  static Path script(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
      if (!file.toFile().setExecutable(true)) {
        throw new IOException("cannot chmod +x " + file);
      }
      return file;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
