package dev.secretsync.config;

import java.util.regex.Pattern;

/**
 * Checks a github target's {@code github:} block: owner and repository names as GitHub allows them,
 * the scope, at least one app, a name template that can name every secret, the API URL.
 */
final class GitHubBlockValidator {
  private final YamlContext ctx;

  GitHubBlockValidator(YamlContext ctx) {
    this.ctx = ctx;
  }

  private static final Pattern GITHUB_OWNER = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");
  private static final Pattern GITHUB_REPO = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

  void check(TargetConfig t, String path) {
    GitHubConfig g = t.github();
    if (g == null) {
      ctx.problemAt(path, "github targets need a github: block with owner: and repo:");
      return;
    }
    if (!GITHUB_OWNER.matcher(g.owner()).matches()) {
      ctx.problemAt(
          path + ".owner",
          g.owner().isEmpty()
              ? "owner is required (the user or organisation that owns the repository)"
              : "\"" + g.owner() + "\" is not a GitHub user or organisation name");
    }
    new GitHubScopeValidator(ctx).check(g, path);
    if (!"org".equals(g.scope()) && !GITHUB_REPO.matcher(g.repo()).matches()) {
      ctx.problemAt(
          path + ".repo",
          g.repo().isEmpty()
              ? "repo is required (the repository name, without the owner)"
              : "\"" + g.repo() + "\" is not a repository name");
    }
    if (g.apps().isEmpty()) {
      ctx.problemAt(path + ".apps", "list at least one of actions, dependabot, codespaces");
    }
    boolean secret = "secret".equals(g.granularity());
    if (!g.nameTemplate().contains("{key}") || (!secret && !g.nameTemplate().contains("{field}"))) {
      ctx.problemAt(
          path + ".name_template",
          secret
              ? "the template must contain {key}"
              : "the template must contain {key} and {field} (granularity: field)");
    }
    if (!g.apiUrl().isEmpty() && !g.apiUrl().matches("https?://[^\\s]+")) {
      ctx.problemAt(path + ".api_url", "expected an http(s) URL such as https://api.github.com");
    }
    if (!t.namePrefix().isEmpty()) {
      ctx.problemAt(
          path.replace(".github", ".name_prefix"),
          "name_prefix does not apply to github targets; use github.name_template");
    }
  }
}
