package dev.secretsync.provider.github;

import dev.secretsync.config.GitHubScopeConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which repositories may use an organisation secret: {@code visibility} and, for {@code selected},
 * the repository ids (resolved from names once per run). It is part of the plan — a secret whose
 * access changed is updated even when its value did not — and of the state record ({@link #key()}),
 * so a no-op run compares it without a call per secret.
 *
 * @param visibility {@code all}, {@code private} or {@code selected}
 * @param repositoryIds sorted ids with {@code selected}, else empty
 */
record GitHubOrgAccess(String visibility, List<Long> repositoryIds) {

  /** Sorts and copies. */
  GitHubOrgAccess {
    repositoryIds = repositoryIds.stream().sorted().distinct().toList();
  }

  /** Resolves the configured repository names of organisation {@code org}. */
  static GitHubOrgAccess resolve(GitHubScopeConfig c, String org, GitHubLookups lookups) {
    List<Long> ids =
        "selected".equals(c.visibility())
            ? c.selectedRepositories().stream().map(n -> lookups.repositoryId(org, n)).toList()
            : List.of();
    return new GitHubOrgAccess(c.visibility(), ids);
  }

  /** What the state record keeps: {@code private}, {@code all}, {@code selected:12,34}. */
  String key() {
    return "selected".equals(visibility)
        ? "selected:" + repositoryIds.stream().map(String::valueOf).collect(Collectors.joining(","))
        : visibility;
  }

  /** For plans: {@code selected (2 repositories)}. */
  String describe() {
    return "selected".equals(visibility)
        ? "selected (" + repositoryIds.size() + " repositories)"
        : visibility;
  }

  /**
   * The PUT fields. Dependabot's {@code selected_repository_ids} were documented as strings (and
   * are {@code integer | string} today), Actions' and Codespaces' as integers: send each what its
   * documentation has always accepted.
   */
  Map<String, Object> body(String app) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("visibility", visibility);
    if ("selected".equals(visibility)) {
      m.put(
          "selected_repository_ids",
          "dependabot".equals(app)
              ? repositoryIds.stream().map(String::valueOf).toList()
              : repositoryIds);
    }
    return m;
  }
}
