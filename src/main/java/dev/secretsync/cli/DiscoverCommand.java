package dev.secretsync.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.config.TargetGenerator;
import dev.secretsync.discovery.Account;
import dev.secretsync.discovery.BlockResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code secretsync discover}: which accounts discovery matches and the targets they generate. */
@Command(
    name = "discover",
    mixinStandardHelpOptions = true,
    description = {
      "List the accounts every dynamic_targets block matches (from AWS Organizations and IAM"
          + " Identity Center, or the cached listing within cache.ttl), the target each one"
          + " generates, and every excluded account with the reason. Writes nothing.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  secretsync discover --config secretsync.yaml",
      "  secretsync discover --config secretsync.yaml -o json --refresh-discovery",
      "",
      "Exit codes: 0 success, 1 failure (discovery or a generated target failed), 2 usage error."
    })
final class DiscoverCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final CliContext ctx;

  @Mixin ConfigOptions options;

  @Mixin HumanOrJsonOutput output;

  @Option(
      names = "--refresh-discovery",
      description = "List accounts afresh even when the cached listing is within cache.ttl.")
  boolean refresh;

  DiscoverCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    if (!output.valid(ctx.err())) {
      return ExitCodes.USAGE;
    }
    boolean json = output.json();
    LogSetup.configure(options.level("warn"), ctx.err());
    SecretSyncConfig config = options.load(ctx);
    if (config == null) {
      if (json) {
        ctx.out().print(JsonError.render("invalid configuration", options.problems));
      }
      return ExitCodes.FAILURE;
    }
    List<String> problems = new ArrayList<>();
    DiscoveryStep.Outcome outcome =
        DiscoveryStep.run(ctx, config, options.config, refresh, false, problems);
    if (outcome == null) {
      if (json) {
        ctx.out().print(JsonError.render(problems.get(0), problems));
      }
      return ExitCodes.FAILURE;
    }
    Map<String, String> targets = new HashMap<>();
    for (TargetGenerator.Generated g : outcome.generated()) {
      targets.put(g.block() + "|" + g.accountId(), g.target());
    }
    ctx.out().print(json ? json(outcome, targets) : human(outcome, targets));
    ctx.out().flush();
    return outcome.accountProblems().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private static String human(DiscoveryStep.Outcome o, Map<String, String> targets) {
    StringBuilder sb = new StringBuilder();
    if (o.blocks().isEmpty()) {
      return "no dynamic_targets in this config\n";
    }
    for (BlockResult b : o.blocks()) {
      sb.append("dynamic_targets.").append(b.block()).append(":\n");
      sb.append("  matched (").append(b.matched().size()).append("):\n");
      for (Account a : b.matched()) {
        String t = targets.get(b.block() + "|" + a.id());
        sb.append(
            String.format(
                "    %s  %-24s %-28s -> %s%n",
                a.id(), a.name(), path(a), t == null ? "(not generated: see the error above)" : t));
      }
      sb.append("  excluded (").append(b.excluded().size()).append("):\n");
      for (BlockResult.Excluded e : b.excluded()) {
        sb.append(
            String.format("    %s  %-24s %s%n", e.account().id(), e.account().name(), e.reason()));
      }
      for (Account a : b.noLongerMatched()) {
        sb.append("  no longer matched: ").append(a.id()).append(" ").append(a.name()).append('\n');
      }
    }
    return sb.toString();
  }

  private static String path(Account a) {
    return a.ouPath().isEmpty() ? "(root)" : a.ouPath();
  }

  private static String json(DiscoveryStep.Outcome o, Map<String, String> targets) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema_version", 1);
    root.put("ok", o.accountProblems().isEmpty());
    List<Object> blocks = new ArrayList<>();
    for (BlockResult b : o.blocks()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", b.block());
      m.put("from_cache", b.fromCache());
      m.put("listed_at", b.listedAt().toString());
      m.put("accounts_seen", b.seen());
      List<Object> matched = new ArrayList<>();
      for (Account a : b.matched()) {
        Map<String, Object> x = account(a);
        x.put("target", targets.get(b.block() + "|" + a.id()));
        matched.add(x);
      }
      m.put("matched", matched);
      List<Object> excluded = new ArrayList<>();
      for (BlockResult.Excluded e : b.excluded()) {
        Map<String, Object> x = account(e.account());
        x.put("filter", e.filter());
        x.put("reason", e.reason());
        excluded.add(x);
      }
      m.put("excluded", excluded);
      m.put("no_longer_matched", b.noLongerMatched().stream().map(Account::id).toList());
      blocks.add(m);
    }
    root.put("dynamic_targets", blocks);
    root.put("problems", o.accountProblems());
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the discovery report", e);
    }
  }

  private static Map<String, Object> account(Account a) {
    Map<String, Object> x = new LinkedHashMap<>();
    x.put("account_id", a.id());
    x.put("account_name", a.name());
    x.put("status", a.status());
    x.put("ou_id", a.ouId());
    x.put("ou_path", a.ouPath());
    return x;
  }
}
