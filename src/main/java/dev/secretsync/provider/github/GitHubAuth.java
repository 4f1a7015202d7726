package dev.secretsync.provider.github;

/**
 * The {@code Authorization} header of a github target's requests: a fixed token, or a GitHub App's
 * installation token, fetched and refreshed as it nears expiry ({@link GitHubAppAuth}).
 */
sealed interface GitHubAuth permits GitHubAuth.Fixed, GitHubAppAuth {

  /** The header value for the next request (may fetch or refresh an installation token). */
  String authorization();

  /**
   * GitHub answered 401 to {@code authorization}: forget it if it can be replaced.
   *
   * @return whether a retry with a fresh credential may succeed
   */
  boolean rejected(String authorization);

  /** The method, for messages. */
  String describe();

  /** A token from the environment: nothing to refresh. */
  record Fixed(GitHubCredentials.Token token) implements GitHubAuth {
    @Override
    public String authorization() {
      return "Bearer " + token.value();
    }

    @Override
    public boolean rejected(String authorization) {
      return false;
    }

    @Override
    public String describe() {
      return token.describe();
    }

    @Override
    public String toString() {
      return "Fixed[" + token.source() + ", redacted]";
    }
  }
}
