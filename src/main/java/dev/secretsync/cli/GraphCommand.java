package dev.secretsync.cli;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.core.TargetGraph;
import dev.secretsync.engine.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code secretsync graph}: shows how targets import sources and each other. */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    description = {
      "Show the import graph: which sources and targets each target merges, in order, and the"
          + " level each target runs at (level 1 imports only sources).",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  secretsync graph --config secretsync.yaml",
      "  secretsync graph --config secretsync.yaml --format dot | dot -Tpng > graph.png",
      "  secretsync graph --config secretsync.yaml --format mermaid >> README.md",
      "  secretsync graph --config secretsync.yaml --shards 4     # the shard assignment"
    })
final class GraphCommand implements Callable<Integer> {
  /** Output formats. */
  enum Format {
    text,
    dot,
    mermaid
  }

  private final CliContext ctx;

  @Mixin ConfigOptions options;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text, dot (Graphviz) or mermaid (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--shards",
      paramLabel = "N",
      description =
          "Show how N shards would split the targets (by write domain) and each shard's"
              + " expected writes on a cold run (reads bundle sizes from a persistent merge store).")
  Integer shards;

  @Option(
      names = "--refresh-discovery",
      description = "List dynamic_targets accounts afresh even within their cache.ttl.")
  boolean refresh;

  GraphCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    LogSetup.configure(options.level("warn"), ctx.err());
    SecretSyncConfig loaded = options.load(ctx);
    if (loaded == null) {
      return ExitCodes.FAILURE;
    }
    // Generated targets are part of the graph: discover them (the cached listing within its TTL).
    DiscoveryStep.Outcome discovered =
        DiscoveryStep.run(ctx, loaded, options.config, refresh, false, new ArrayList<>());
    if (discovered == null) {
      return ExitCodes.FAILURE;
    }
    SecretSyncConfig config = discovered.config();
    TargetGraph graph = Pipeline.graphOf(config);
    if (shards != null) {
      if (shards < 1) {
        ctx.err().println("error: --shards: " + shards + " must be at least 1");
        return ExitCodes.USAGE;
      }
      ctx.out().print(ShardGraph.render(config, ctx, shards));
      return ExitCodes.OK;
    }
    ctx.out()
        .print(
            switch (format) {
              case text -> text(graph);
              case dot -> dot(config, graph);
              case mermaid -> mermaid(config, graph);
            });
    return ExitCodes.OK;
  }

  private static String text(TargetGraph graph) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<Integer, List<String>> level : graph.byLevel().entrySet()) {
      sb.append("level ").append(level.getKey()).append(":\n");
      for (String t : level.getValue()) {
        sb.append("  ")
            .append(t)
            .append(" <- ")
            .append(String.join(", ", graph.importsOf(t)))
            .append('\n');
      }
    }
    return sb.toString();
  }

  private static String dot(SecretSyncConfig config, TargetGraph graph) {
    StringBuilder sb = new StringBuilder("digraph secretsync {\n  rankdir=LR;\n");
    for (String s : config.sources().keySet()) {
      sb.append("  ").append(quote(s)).append(" [shape=cylinder];\n");
    }
    for (String t : graph.order()) {
      sb.append("  ").append(quote(t)).append(" [shape=box];\n");
    }
    for (String t : graph.order()) {
      List<String> imports = graph.importsOf(t);
      for (int i = 0; i < imports.size(); i++) {
        sb.append("  ")
            .append(quote(imports.get(i)))
            .append(" -> ")
            .append(quote(t))
            .append(" [label=\"")
            .append(i + 1)
            .append("\"];\n");
      }
    }
    return sb.append("}\n").toString();
  }

  private static String mermaid(SecretSyncConfig config, TargetGraph graph) {
    Map<String, String> ids = new TreeMap<>();
    StringBuilder sb = new StringBuilder("graph LR\n");
    for (String s : config.sources().keySet()) {
      String id = "s" + ids.size();
      ids.put(s, id);
      sb.append("  ").append(id).append("[(\"").append(s).append("\")]\n");
    }
    for (String t : graph.order()) {
      String id = "t" + ids.size();
      ids.put(t, id);
      sb.append("  ").append(id).append("[\"").append(t).append("\"]\n");
    }
    for (String t : graph.order()) {
      for (String imp : graph.importsOf(t)) {
        sb.append("  ").append(ids.get(imp)).append(" --> ").append(ids.get(t)).append('\n');
      }
    }
    return sb.toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\"", "\\\"") + "\"";
  }
}
