package dev.secretsync.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.report.CombinedFormat;
import dev.secretsync.report.ShardReports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code secretsync report}: combines the JSON reports of a sharded run into one. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Combine the JSON reports of a sharded run (pipeline --shard I/N --report-file F) into the"
          + " report one unsharded run would have printed: every target once, the totals summed,"
          + " and a failure when any shard failed or has no report (missing shards are named)."
          + " Reads files only; contacts no service.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  secretsync report shard-*.json",
      "  secretsync report reports/ -o github          # every *.json in the directory",
      "  secretsync report shard-*.json -o json > combined.json",
      "",
      "Exit codes: 0 success, 1 failure (a shard failed or is missing), 2 usage error.",
      "With --exit-code: 0 no changes, 1 changes present, 2 failure."
    })
final class ReportCommand implements Callable<Integer> {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final CliContext ctx;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "Report files, or directories whose *.json files are read.")
  List<Path> files = List.of();

  @Option(
      names = {"-o", "--output"},
      defaultValue = "human",
      paramLabel = "FORMAT",
      description = "human, json or github (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(
      names = "--exit-code",
      description =
          "Drift gate: exit 0 when nothing changed, 1 when there are changes, 2 on failure.")
  boolean exitCode;

  ReportCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    if (!List.of("human", "json", "github").contains(output)) {
      ctx.err()
          .println(
              "error: --output: \"" + output + "\" is not a format; use human, json or github");
      return ExitCodes.USAGE;
    }
    Map<String, Object> combined;
    try {
      combined = ShardReports.combine(read());
    } catch (IllegalArgumentException e) {
      ctx.err().println("error: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    switch (output) {
      case "json" -> ctx.out().print(CombinedFormat.json(combined));
      case "github" -> {
        ctx.out().print(CombinedFormat.github(combined));
        stepSummary(combined);
      }
      default -> ctx.out().print(CombinedFormat.human(combined));
    }
    ctx.out().flush();
    if (!Boolean.TRUE.equals(combined.get("ok"))) {
      return ExitCodes.failure(exitCode);
    }
    Object changes = ((Map<?, ?>) combined.get("summary")).get("changes");
    return exitCode && changes instanceof Number n && n.intValue() > 0
        ? ExitCodes.DRIFT
        : ExitCodes.OK;
  }

  private List<ShardReports.Input> read() {
    List<Path> paths = new ArrayList<>();
    for (Path given : files) {
      Path p = ctx.resolve(given.toString());
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().forEach(paths::add);
        } catch (IOException e) {
          throw new IllegalArgumentException(p + ": cannot list the directory: " + e.getMessage());
        }
      } else {
        paths.add(p);
      }
    }
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("no *.json report files in " + files);
    }
    List<ShardReports.Input> inputs = new ArrayList<>();
    for (Path p : paths) {
      try {
        Map<String, Object> doc =
            MAPPER.readValue(Files.readString(p), new TypeReference<Map<String, Object>>() {});
        inputs.add(
            new ShardReports.Input(
                p.startsWith(ctx.cwd()) ? ctx.cwd().relativize(p).toString() : p.toString(), doc));
      } catch (IOException e) {
        throw new IllegalArgumentException(
            p + ": cannot read the report: " + firstLine(e.getMessage()));
      }
    }
    return inputs;
  }

  private static String firstLine(String message) {
    String m = message == null ? "" : message;
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private void stepSummary(Map<String, Object> combined) {
    String file = ctx.env().get("GITHUB_STEP_SUMMARY");
    if (file == null || file.isEmpty()) {
      return;
    }
    try {
      Files.writeString(
          Path.of(file),
          CombinedFormat.stepSummary(combined),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      ctx.err().println("warning: cannot write " + file + ": " + e.getMessage());
    }
  }
}
