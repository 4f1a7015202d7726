package dev.secretsync.provider.github;

import java.util.List;

/**
 * What a github target read about its scope besides the secrets: the desired access of organisation
 * secrets (resolved), the environments it manages, and whether its own environment exists yet.
 *
 * @param access the desired organisation access, or null for other scopes
 * @param environments the managed environments, compared with GitHub
 * @param environmentMissing an environment-scope target's environment does not exist (yet)
 */
record GitHubScopeState(
    GitHubOrgAccess access,
    List<GitHubEnvironments.Planned> environments,
    boolean environmentMissing) {

  static final GitHubScopeState NONE = new GitHubScopeState(null, List.of(), false);

  /** Copies. */
  GitHubScopeState {
    environments = List.copyOf(environments);
  }
}
