package dev.secretsync.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** The {@code secretsync} executable. */
public final class Main {
  private Main() {}

  /** Runs the CLI and exits with its code. */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    if (Version.onlyAsked(args)) {
      printVersion(out);
      System.exit(ExitCodes.OK);
    }
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    Interruption.installHook(err);
    int code =
        Commands.commandLine(
                new CliContext(
                    Map.copyOf(System.getenv()),
                    Path.of("").toAbsolutePath(),
                    out,
                    err,
                    System.console() != null),
                args)
            .execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  private static void printVersion(PrintStream out) {
    for (String line : Version.lines()) {
      out.println(line);
    }
    out.flush();
  }

  /**
   * Runs the CLI in this process.
   *
   * @param args command-line arguments
   * @param env environment variables to use instead of the process's
   * @param cwd working directory to resolve relative paths against
   * @param out where reports go
   * @param err where logs and errors go
   * @return the exit code
   */
  public static int run(
      String[] args, Map<String, String> env, Path cwd, PrintStream out, PrintStream err) {
    if (Version.onlyAsked(args)) {
      printVersion(out);
      return ExitCodes.OK;
    }
    return Commands.commandLine(new CliContext(Map.copyOf(env), cwd, out, err, false), args)
        .execute(args);
  }
}
