package dev.secretsync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may touch of its process: environment, working directory and streams. Passed in
 * (never read from {@link System}) so tests run the real CLI in-process.
 *
 * @param env environment variables
 * @param cwd working directory relative paths resolve against
 * @param out stdout (reports)
 * @param err stderr (logs, errors)
 * @param terminal whether the process runs attached to a terminal (progress line, colours)
 */
record CliContext(
    Map<String, String> env, Path cwd, PrintStream out, PrintStream err, boolean terminal) {

  Path resolve(String path) {
    return cwd.resolve(path).normalize();
  }
}
