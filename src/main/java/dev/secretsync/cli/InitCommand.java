package dev.secretsync.cli;

import dev.secretsync.config.ConfigSchema;
import dev.secretsync.core.IoProblems;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code secretsync init}: writes a commented starter {@code secretsync.yaml} (or the quickstart
 * example with its secrets) into a directory, never over an existing file.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Write a commented starter secretsync.yaml into DIR (default: the current directory), and an"
          + " empty secrets/ directory for its file source. With --example quickstart, write the"
          + " quickstart instead: two layered sources and two targets, with sample secrets. Never"
          + " overwrites: if a file it would write exists, it writes nothing.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  secretsync init && secretsync validate",
      "  secretsync init --example quickstart demo && cd demo && secretsync pipeline --dry-run",
      "",
      "Exit codes: 0 written, 1 a file exists or cannot be written, 2 usage error."
    })
final class InitCommand implements Callable<Integer> {
  /** The examples {@code --example} takes. */
  enum Example {
    quickstart
  }

  /**
   * The quickstart's files, as the build copies them from examples/quickstart (a test checks the
   * list against that directory).
   */
  static final List<String> QUICKSTART_FILES =
      List.of(
          "secretsync.yaml",
          "secrets/base/config/app.yaml",
          "secrets/base/config/database.yaml",
          "secrets/base/credentials/api.json",
          "secrets/team/config/app.yaml",
          "secrets/team/config/database.yaml");

  private static final String RESOURCES = "/dev/secretsync/init/";

  /** The examples in the repository point at the schema by relative path; a copy cannot. */
  private static final String REPO_MODELINE =
      "# yaml-language-server: $schema=../../docs/secretsync.schema.json";

  private final CliContext ctx;

  @Option(
      names = "--example",
      paramLabel = "NAME",
      description = "Write a worked example instead of the starter: ${COMPLETION-CANDIDATES}.")
  Example example;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Directory to write into; created when missing (default: ${DEFAULT-VALUE}).")
  String dir;

  InitCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    Path root = ctx.resolve(dir);
    Map<Path, byte[]> files = new LinkedHashMap<>();
    if (example == null) {
      files.put(root.resolve("secretsync.yaml"), resource("secretsync.yaml"));
    } else {
      for (String f : QUICKSTART_FILES) {
        byte[] bytes = resource("quickstart/" + f);
        if (f.equals("secretsync.yaml")) {
          bytes = publishedModeline(bytes);
        }
        files.put(root.resolve(f), bytes);
      }
    }
    for (Path p : files.keySet()) {
      if (Files.exists(p)) {
        ctx.err()
            .println(
                "error: "
                    + p
                    + " already exists; init never overwrites: pick an empty directory (secretsync"
                    + " init DIR) or move the file away");
        return ExitCodes.FAILURE;
      }
    }
    try {
      for (Map.Entry<Path, byte[]> f : files.entrySet()) {
        Files.createDirectories(f.getKey().getParent());
        // CREATE_NEW: a file that appeared since the check above is still never overwritten.
        Files.write(f.getKey(), f.getValue(), StandardOpenOption.CREATE_NEW);
      }
      if (example == null) {
        Files.createDirectories(root.resolve("secrets"));
      }
    } catch (FileAlreadyExistsException e) {
      ctx.err().println("error: " + e.getFile() + " appeared while init ran; nothing overwritten");
      return ExitCodes.FAILURE;
    } catch (IOException e) {
      ctx.err().println("error: cannot write into " + root + ": " + IoProblems.describe(e));
      return ExitCodes.FAILURE;
    }
    Path config = root.resolve("secretsync.yaml");
    ctx.out().printf("wrote %s%s%n", config, example == null ? "" : " and its secrets/");
    ctx.out().printf("next: secretsync validate --config %s%n", ctx.cwd().relativize(config));
    return ExitCodes.OK;
  }

  private static byte[] publishedModeline(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    return text.replace(REPO_MODELINE, "# yaml-language-server: $schema=" + ConfigSchema.ID)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] resource(String name) {
    try (InputStream in = InitCommand.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCES + name + " (broken build)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
