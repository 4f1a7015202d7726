package dev.secretsync.config;

import java.util.List;

/**
 * Where a github target's secrets live besides the repository itself, and the environments a
 * repository target manages: the scope-specific keys of a {@code github:} block.
 *
 * @param environment the environment whose Actions secrets an {@code environment}-scope target
 *     writes; empty otherwise
 * @param visibility which repositories of the organisation may use an {@code org}-scope target's
 *     secrets: {@code all}, {@code private} (default) or {@code selected}; empty for other scopes
 * @param selectedRepositories repository names (without the owner) with {@code visibility:
 *     selected}, resolved to ids at run time
 * @param environments environments a {@code repo}-scope target creates or updates (after {@code
 *     tiers: default} was expanded)
 */
public record GitHubScopeConfig(
    String environment,
    String visibility,
    List<String> selectedRepositories,
    List<Environment> environments) {

  /** No scope-specific keys (a plain repository target). */
  public static final GitHubScopeConfig NONE = new GitHubScopeConfig("", "", List.of(), List.of());

  /** Copies lists. */
  public GitHubScopeConfig {
    selectedRepositories = List.copyOf(selectedRepositories);
    environments = List.copyOf(environments);
  }

  /**
   * One environment of {@code github.environments}.
   *
   * @param name the environment's name
   * @param waitTimer minutes a job waits before it may deploy (0–43200)
   * @param reviewers users ({@code octocat}) and teams ({@code org/team-slug}) of which one must
   *     approve; empty = no required reviewers
   * @param preventSelfReview whether whoever triggered the job may not approve it
   * @param branches {@code all} (no policy), {@code protected} (protected branches only) or {@code
   *     custom} (the {@code branchPatterns})
   * @param branchPatterns branch name patterns with {@code branches: custom}
   */
  public record Environment(
      String name,
      int waitTimer,
      List<String> reviewers,
      boolean preventSelfReview,
      String branches,
      List<String> branchPatterns) {

    /** Copies lists. */
    public Environment {
      reviewers = List.copyOf(reviewers);
      branchPatterns = List.copyOf(branchPatterns);
    }
  }
}
