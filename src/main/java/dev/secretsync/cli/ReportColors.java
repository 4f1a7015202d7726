package dev.secretsync.cli;

import dev.secretsync.core.Printable;
import java.util.List;

/** {@code --color auto|always|never}: whether human output gets ANSI colours. */
final class ReportColors {
  static final List<String> VALUES = List.of("auto", "always", "never");

  private ReportColors() {}

  /** A one-line problem with {@code when}, or {@code null} when it is a valid choice. */
  static String problem(String when) {
    return VALUES.contains(when)
        ? null
        : "--color (or SECRETSYNC_COLOR): \""
            + Printable.of(when)
            + "\" is not a choice; use auto, always or never";
  }

  /**
   * Colours for {@code always}; for {@code auto} only on a terminal, and never when {@code
   * NO_COLOR} is set (no-color.org).
   */
  static boolean use(String when, CliContext ctx) {
    return "always".equals(when)
        || ("auto".equals(when) && ctx.terminal() && !ctx.env().containsKey("NO_COLOR"));
  }
}
