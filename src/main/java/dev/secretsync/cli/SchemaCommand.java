package dev.secretsync.cli;

import dev.secretsync.config.ConfigSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code secretsync schema}: prints the JSON Schema of {@code secretsync.yaml}. */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = {
      "Print the JSON Schema (draft 2020-12) of secretsync.yaml, for editors: start a config with"
          + " '# yaml-language-server: $$schema=<url or path>' and the YAML language server"
          + " validates and completes it. The schema comes from the loader's own key list;"
          + " 'secretsync validate' also checks what a schema cannot (imports, cycles, one auth"
          + " method).",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  secretsync schema > secretsync.schema.json",
      "  # the published copy: " + ConfigSchema.ID
    })
final class SchemaCommand implements Callable<Integer> {
  private final CliContext ctx;

  SchemaCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ctx.out().print(ConfigSchema.json());
    ctx.out().flush();
    return ExitCodes.OK;
  }
}
