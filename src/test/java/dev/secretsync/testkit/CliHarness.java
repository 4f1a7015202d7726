package dev.secretsync.testkit;

import dev.secretsync.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the real {@code secretsync} CLI in-process against a working directory, capturing exit code,
 * stdout and stderr. Relative paths in arguments resolve against {@link #workDir()}.
 */
public final class CliHarness {
  private final Path workDir;

  /**
   * @param workDir the working directory the CLI sees (usually a JUnit {@code @TempDir})
   */
  public CliHarness(Path workDir) {
    this.workDir = workDir;
  }

  /** The working directory. */
  public Path workDir() {
    return workDir;
  }

  /** Writes a file under the working directory (parents created) and returns its path. */
  public Path write(String relativePath, String content) {
    try {
      Path p = workDir.resolve(relativePath);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content, StandardCharsets.UTF_8);
      return p;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code pipeline --config secretsync.yaml} followed by {@code extra}. */
  public static String[] pipelineArgs(String... extra) {
    String[] args = new String[extra.length + 3];
    args[0] = "pipeline";
    args[1] = "--config";
    args[2] = "secretsync.yaml";
    System.arraycopy(extra, 0, args, 3, extra.length);
    return args;
  }

  /** Runs with an empty environment. */
  public Result run(String... args) {
    return run(Map.of(), args);
  }

  /** Runs with {@code env} as the whole environment. */
  public Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> fullEnv = new HashMap<>(env);
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, fullEnv, workDir, o, e);
    }
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * A finished run.
   *
   * @param exitCode the exit code
   * @param stdout everything printed to stdout
   * @param stderr everything printed to stderr
   */
  public record Result(int exitCode, String stdout, String stderr) {
    /** stdout and stderr together. */
    public String all() {
      return stdout + "\n" + stderr;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }
}
