package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * On a terminal the progress line counts the secrets written and never shares a line with a log
 * line: it is cleared before each log line and redrawn after.
 */
class TerminalProgressTest extends LocalPipelineTestBase {
  static final String CLEAR = "\r\u001b[2K";

  @Test
  void progressCountsSecretsWrittenAndLogLinesStartOnAClearedLine() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code =
          Commands.commandLine(new CliContext(Map.of(), dir, o, e, true))
              .execute("pipeline", "-c", "secretsync.yaml", "--color", "never");
    }
    String stderr = err.toString(StandardCharsets.UTF_8);

    assertThat(code).as(stderr).isZero();
    // Every log line begins on a cleared line, never after the progress text.
    Matcher log = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO|WARN) ").matcher(stderr);
    int lines = 0;
    while (log.find()) {
      lines++;
      String before = stderr.substring(0, log.start());
      assertThat(before.endsWith(CLEAR) || before.endsWith("\n") || before.isEmpty())
          .as("log line at %d follows: %s", log.start(), tail(before))
          .isTrue();
    }
    assertThat(lines).isGreaterThan(3);
    // 7 secrets per target × 3 targets, counted as the targets finish.
    assertThat(stderr).contains("targets 3/3 · 21 secrets written");
    // Cleared at the end: nothing follows the last progress text but a clear.
    assertThat(stderr.lastIndexOf(CLEAR)).isGreaterThan(stderr.lastIndexOf("secrets written"));
  }

  private static String tail(String s) {
    return s.substring(Math.max(0, s.length() - 80)).replace("\u001b", "ESC").replace("\r", "\\r");
  }
}
