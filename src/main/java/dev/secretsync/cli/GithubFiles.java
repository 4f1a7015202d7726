package dev.secretsync.cli;

import dev.secretsync.core.RunReport;
import dev.secretsync.report.GithubFormat;
import dev.secretsync.report.JsonFormat;
import dev.secretsync.report.ReportFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes the GitHub Actions files named by the runner's environment: step outputs to {@code
 * $GITHUB_OUTPUT}, the plan table to {@code $GITHUB_STEP_SUMMARY}, and the JSON report to {@code
 * $RUNNER_TEMP} (its path is the {@code report-json} output). Missing variables are skipped.
 */
final class GithubFiles {
  private GithubFiles() {}

  static void write(RunReport report, CliContext ctx) {
    Map<String, String> outputs = new java.util.LinkedHashMap<>(GithubFormat.outputs(report));
    String temp = ctx.env().get("RUNNER_TEMP");
    if (temp != null && !temp.isEmpty()) {
      Path json = Path.of(temp).resolve("secretsync-report-" + report.runId() + ".json");
      if (append(json, new JsonFormat().render(report, ReportFormat.RenderOptions.PLAIN), ctx)) {
        outputs.put("report-json", json.toString());
      }
    }
    String outputFile = ctx.env().get("GITHUB_OUTPUT");
    if (outputFile != null && !outputFile.isEmpty()) {
      StringBuilder sb = new StringBuilder();
      outputs.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
      append(Path.of(outputFile), sb.toString(), ctx);
    }
    String summaryFile = ctx.env().get("GITHUB_STEP_SUMMARY");
    if (summaryFile != null && !summaryFile.isEmpty()) {
      append(Path.of(summaryFile), GithubFormat.stepSummary(report), ctx);
    }
  }

  private static boolean append(Path file, String text, CliContext ctx) {
    try {
      Files.writeString(
          file,
          text,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
      return true;
    } catch (IOException e) {
      ctx.err().println("warning: cannot write " + file + ": " + e.getMessage());
      return false;
    }
  }
}
