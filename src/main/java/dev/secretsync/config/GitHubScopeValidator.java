package dev.secretsync.config;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Semantic checks on the scope keys of a github target ({@link GitHubScopeConfig}): which keys each
 * scope takes, that environment scope writes Actions secrets only (GitHub has no Dependabot or
 * Codespaces secrets per environment), org visibility and selected repositories, and the
 * environments a repository target manages.
 */
final class GitHubScopeValidator {
  private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");
  private static final Pattern TEAM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}/[a-z0-9_.-]+");
  private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
  private static final Pattern BRANCH_PATTERN = Pattern.compile("[^\\s~^:\\\\]{1,255}");

  /** GitHub's limit on {@code wait_timer}: 30 days in minutes. */
  static final int MAX_WAIT_TIMER = 43_200;

  private final YamlContext ctx;

  GitHubScopeValidator(YamlContext ctx) {
    this.ctx = ctx;
  }

  void check(GitHubConfig g, String path) {
    GitHubScopeConfig s = g.scoping();
    boolean env = "environment".equals(g.scope());
    boolean org = "org".equals(g.scope());
    if (env) {
      if (s.environment().isBlank()) {
        ctx.problemAt(
            path + ".environment",
            "environment is required with scope: environment (the environment's name)");
      }
      for (int i = 0; i < g.apps().size(); i++) {
        if (!"actions".equals(g.apps().get(i))) {
          ctx.problemAt(
              path + ".apps[" + i + "]",
              "GitHub has only Actions secrets per environment, not "
                  + g.apps().get(i)
                  + "; use apps: [actions] (or a repo-scope target for "
                  + g.apps().get(i)
                  + ")");
        }
      }
    } else if (!s.environment().isEmpty()) {
      ctx.problemAt(path + ".environment", "environment applies to scope: environment only");
    }
    if (org) {
      if (!g.repo().isEmpty()) {
        ctx.problemAt(
            path + ".repo",
            "repo does not apply to scope: org (the organisation is owner); list repositories"
                + " under selected_repositories with visibility: selected");
      }
      boolean selected = "selected".equals(s.visibility());
      if (selected && s.selectedRepositories().isEmpty()) {
        ctx.problemAt(
            path + ".selected_repositories",
            "visibility: selected needs selected_repositories (repository names of "
                + g.owner()
                + ")");
      }
      if (!selected && !s.selectedRepositories().isEmpty()) {
        ctx.problemAt(
            path + ".selected_repositories",
            "selected_repositories applies with visibility: selected only");
      }
      for (int i = 0; i < s.selectedRepositories().size(); i++) {
        if (!REPO.matcher(s.selectedRepositories().get(i)).matches()) {
          ctx.problemAt(
              path + ".selected_repositories[" + i + "]",
              "\""
                  + s.selectedRepositories().get(i)
                  + "\" is not a repository name (give the name without the owner)");
        }
      }
    } else {
      if (!s.visibility().isEmpty()) {
        ctx.problemAt(path + ".visibility", "visibility applies to scope: org only");
      }
      if (!s.selectedRepositories().isEmpty()) {
        ctx.problemAt(
            path + ".selected_repositories", "selected_repositories applies to scope: org only");
      }
    }
    if (!s.environments().isEmpty() && !"repo".equals(g.scope())) {
      ctx.problemAt(
          path + ".environments",
          "environments applies to scope: repo (the repository target creates the environments;"
              + " environment-scope targets write their secrets)");
      return;
    }
    environments(s.environments(), path + ".environments");
  }

  private void environments(List<GitHubScopeConfig.Environment> envs, String path) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < envs.size(); i++) {
      GitHubScopeConfig.Environment e = envs.get(i);
      String p = path + "[" + i + "]";
      if (e.name().isBlank() || e.name().length() > 255) {
        ctx.problemAt(p + ".name", "name is required (up to 255 characters)");
      } else {
        Integer first = seen.putIfAbsent(e.name().toLowerCase(Locale.ROOT), i);
        if (first != null) {
          ctx.problemAt(
              p + ".name",
              "environment \""
                  + e.name()
                  + "\" is already declared at "
                  + path
                  + "["
                  + first
                  + "] (GitHub environment names are case-insensitive)");
        }
      }
      if (e.waitTimer() < 0 || e.waitTimer() > MAX_WAIT_TIMER) {
        ctx.problemAt(p + ".wait_timer", "must be between 0 and 43200 minutes (30 days)");
      }
      if (e.reviewers().size() > GitHubScopeBinder.MAX_REVIEWERS) {
        ctx.problemAt(p + ".reviewers", "GitHub allows at most 6 users or teams as reviewers");
      }
      for (int j = 0; j < e.reviewers().size(); j++) {
        String r = e.reviewers().get(j);
        if (!LOGIN.matcher(r).matches() && !TEAM.matcher(r).matches()) {
          ctx.problemAt(
              p + ".reviewers[" + j + "]",
              "\"" + r + "\" is neither a user login (octocat) nor a team (org/team-slug)");
        }
      }
      if (e.preventSelfReview() && e.reviewers().isEmpty()) {
        ctx.problemAt(p + ".prevent_self_review", "prevent_self_review needs reviewers");
      }
      if ("custom".equals(e.branches()) && e.branchPatterns().isEmpty()) {
        ctx.problemAt(
            p + ".deployment_branch_policy",
            "list at least one branch pattern, or use protected or all");
      }
      for (int j = 0; j < e.branchPatterns().size(); j++) {
        if (!BRANCH_PATTERN.matcher(e.branchPatterns().get(j)).matches()) {
          ctx.problemAt(
              p + ".deployment_branch_policy[" + j + "]",
              "\"" + e.branchPatterns().get(j) + "\" is not a branch name pattern");
        }
      }
    }
  }
}
