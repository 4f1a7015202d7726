package dev.secretsync.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Binds the scope keys of a {@code github:} block: {@code environment}, {@code visibility}, {@code
 * selected_repositories} and {@code environments} (a list, or the {@code {tiers: default,
 * reviewers: […]}} shorthand, expanded here so the rest of the program only sees environments).
 */
final class GitHubScopeBinder {
  /** GitHub's limit: "You can list up to six users or teams as reviewers." */
  static final int MAX_REVIEWERS = 6;

  private final YamlContext ctx;

  GitHubScopeBinder(YamlContext ctx) {
    this.ctx = ctx;
  }

  GitHubScopeConfig bind(YamlObject g, String scope) {
    String visibility = g.string("visibility", "org".equals(scope) ? "private" : "");
    if (!visibility.isEmpty() && !Set.of("all", "private", "selected").contains(visibility)) {
      g.problem("visibility", "\"" + visibility + "\" is not one of all, private, selected");
      visibility = "private";
    }
    return new GitHubScopeConfig(
        g.string("environment", ""),
        visibility,
        g.strings("selected_repositories"),
        environments(g));
  }

  private List<GitHubScopeConfig.Environment> environments(YamlObject g) {
    Node n = g.raw("environments");
    String path = g.child("environments");
    if (n == null || YamlObject.isNull(n)) {
      return List.of();
    }
    if (n instanceof MappingNode) {
      return tiers(YamlObject.of(n, path, ctx));
    }
    if (!(n instanceof SequenceNode seq)) {
      ctx.problem(
          n,
          path,
          "expected a list of environments or {tiers: default, reviewers: [...]}, found "
              + YamlObject.describe(n));
      return List.of();
    }
    List<GitHubScopeConfig.Environment> out = new ArrayList<>();
    int i = 0;
    for (Node item : seq.getValue()) {
      String p = path + "[" + i++ + "]";
      ctx.remember(p, item);
      out.add(environment(YamlObject.of(item, p, ctx)));
    }
    return out;
  }

  /**
   * {@code tiers: default}: dev without rules, staging with required reviewers, production with
   * required reviewers and protected branches only — the tiers most teams set up by hand.
   */
  private List<GitHubScopeConfig.Environment> tiers(YamlObject o) {
    o.choice("tiers", "default", Set.of("default"));
    List<String> reviewers = o.strings("reviewers");
    o.finish();
    if (reviewers.isEmpty()) {
      o.problem(
          "reviewers",
          "tiers: default needs reviewers: (users or org/team slugs who approve staging and"
              + " production deployments)");
    }
    return List.of(
        new GitHubScopeConfig.Environment("dev", 0, List.of(), false, "all", List.of()),
        new GitHubScopeConfig.Environment("staging", 0, reviewers, false, "all", List.of()),
        new GitHubScopeConfig.Environment(
            "production", 0, reviewers, false, "protected", List.of()));
  }

  private GitHubScopeConfig.Environment environment(YamlObject o) {
    String branches = "all";
    List<String> patterns = List.of();
    Node b = o.raw("deployment_branch_policy");
    String bp = o.child("deployment_branch_policy");
    if (b instanceof ScalarNode) {
      String v = YamlObject.scalarString(b, bp, ctx);
      if ("protected".equals(v) || "all".equals(v)) {
        branches = v;
      } else {
        ctx.problem(
            b,
            bp,
            "\""
                + v
                + "\" is not protected, all, or a list of branch patterns such as [main,"
                + " \"release/*\"]");
      }
    } else if (b instanceof SequenceNode) {
      patterns = YamlObject.stringList(b, bp, ctx);
      branches = "custom";
    } else if (b != null && !YamlObject.isNull(b)) {
      ctx.problem(b, bp, "expected protected, all, or a list of branch patterns");
    }
    GitHubScopeConfig.Environment e =
        new GitHubScopeConfig.Environment(
            o.string("name", ""),
            o.integer("wait_timer", 0),
            o.strings("reviewers"),
            o.bool("prevent_self_review", false),
            branches,
            patterns);
    o.finish();
    return e;
  }
}
