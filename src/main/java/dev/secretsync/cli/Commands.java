package dev.secretsync.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/** Builds the picocli command tree with error handling and environment defaults. */
final class Commands {
  private Commands() {}

  /** The subcommands, in the order the help lists them. */
  private static final List<String> SUBCOMMANDS =
      List.of(
          "pipeline",
          "apply",
          "validate",
          "graph",
          "report",
          "discover",
          "agent",
          "isready",
          "version",
          "history",
          "rollback",
          "completion",
          "schema",
          "init");

  /** A switch, not a map of constructor references: those would load every command's class. */
  private static Object subcommand(String name, CliContext ctx) {
    return switch (name) {
      case "pipeline" -> new PipelineCommand(ctx);
      case "apply" -> new ApplyCommand(ctx);
      case "validate" -> new ValidateCommand(ctx);
      case "graph" -> new GraphCommand(ctx);
      case "report" -> new ReportCommand(ctx);
      case "discover" -> new DiscoverCommand(ctx);
      case "agent" -> new AgentCommand(ctx);
      case "isready" -> new IsReadyCommand(ctx);
      case "version" -> new VersionCommand(ctx);
      case "history" -> new HistoryCommand(ctx);
      case "rollback" -> new RollbackCommand(ctx);
      case "completion" -> new CompletionCommand(ctx);
      case "schema" -> new SchemaCommand(ctx);
      case "init" -> new InitCommand(ctx);
      default -> throw new IllegalArgumentException("no subcommand " + name);
    };
  }

  /** The whole command tree (help, completion scripts, man pages). */
  static CommandLine commandLine(CliContext ctx) {
    return commandLine(ctx, SUBCOMMANDS);
  }

  /**
   * The tree for running {@code args}: when they start with a subcommand's name, only that
   * subcommand is built. Picocli builds each command's model by reflection over its options and
   * mixins; building all fourteen cost ~120 ms of a 400 ms start before the first Vault call.
   * Anything else — no arguments, an option first, a misspelt name, {@code completion} (which lists
   * every command) — gets the whole tree, so help and suggestions are unchanged.
   */
  static CommandLine commandLine(CliContext ctx, String[] args) {
    if (args.length > 0 && SUBCOMMANDS.contains(args[0]) && !args[0].equals("completion")) {
      return commandLine(ctx, List.of(args[0]));
    }
    return commandLine(ctx);
  }

  private static CommandLine commandLine(CliContext ctx, List<String> names) {
    CommandLine cl = new CommandLine(new RootCommand(ctx));
    for (String name : names) {
      cl.addSubcommand(name, subcommand(name, ctx));
    }
    cl.setDefaultValueProvider(new EnvDefaults(ctx.env()));
    cl.setOut(new PrintWriter(ctx.out(), true));
    cl.setErr(new PrintWriter(ctx.err(), true));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExitCodeExceptionMapper(e -> ExitCodes.FAILURE);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println("error: " + ex.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
          c.getErr().println("Run 'secretsync " + subcommandPath(c) + "--help' for usage.");
          return ExitCodes.USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, c, parseResult) -> {
          boolean verbose =
              parseResult.subcommand() != null
                  && parseResult.subcommand().hasMatchedOption("--verbose");
          ctx.err().println("error: " + ErrorMessages.of(ex));
          if (verbose) {
            ex.printStackTrace(ctx.err());
          } else {
            ctx.err().println("(run with --verbose for details)");
          }
          return ExitCodes.FAILURE;
        });
    return cl;
  }

  private static String subcommandPath(CommandLine c) {
    StringBuilder sb = new StringBuilder();
    for (CommandLine cur = c; cur.getParent() != null; cur = cur.getParent()) {
      sb.insert(0, cur.getCommandName() + " ");
    }
    return sb.toString();
  }
}
