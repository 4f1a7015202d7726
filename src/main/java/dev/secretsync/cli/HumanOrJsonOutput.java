package dev.secretsync.cli;

import dev.secretsync.core.Printable;
import java.io.PrintStream;
import picocli.CommandLine.Option;

/**
 * {@code -o/--output human|json}, for the commands that print one or the other ({@code validate},
 * {@code history}, {@code discover}): one option, one check, one error line.
 */
final class HumanOrJsonOutput {
  @Option(
      names = {"-o", "--output"},
      defaultValue = "human",
      paramLabel = "FORMAT",
      description = "human or json (default: ${DEFAULT-VALUE}).")
  String output;

  /** Whether the value is one of the two; otherwise says so on {@code err}. */
  boolean valid(PrintStream err) {
    if ("human".equals(output) || "json".equals(output)) {
      return true;
    }
    err.println("error: --output: \"" + Printable.of(output) + "\" is not human or json");
    return false;
  }

  /** Whether JSON was asked for. */
  boolean json() {
    return "json".equals(output);
  }
}
