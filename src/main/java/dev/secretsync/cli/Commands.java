package dev.secretsync.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Builds the picocli command tree with error handling and environment defaults. */
final class Commands {
  private Commands() {}

  static CommandLine commandLine(CliContext ctx) {
    CommandLine cl = new CommandLine(new RootCommand(ctx));
    cl.addSubcommand("pipeline", new PipelineCommand(ctx));
    cl.addSubcommand("apply", new ApplyCommand(ctx));
    cl.addSubcommand("validate", new ValidateCommand(ctx));
    cl.addSubcommand("graph", new GraphCommand(ctx));
    cl.addSubcommand("report", new ReportCommand(ctx));
    cl.addSubcommand("discover", new DiscoverCommand(ctx));
    cl.addSubcommand("agent", new AgentCommand(ctx));
    cl.addSubcommand("isready", new IsReadyCommand(ctx));
    cl.addSubcommand("version", new VersionCommand(ctx));
    cl.addSubcommand("history", new HistoryCommand(ctx));
    cl.addSubcommand("rollback", new RollbackCommand(ctx));
    cl.addSubcommand("completion", new CompletionCommand(ctx));
    cl.addSubcommand("schema", new SchemaCommand(ctx));
    cl.addSubcommand("init", new InitCommand(ctx));
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
