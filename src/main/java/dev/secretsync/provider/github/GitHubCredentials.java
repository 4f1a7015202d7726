package dev.secretsync.provider.github;

import java.nio.file.Path;

/** How a github target authenticates: a token from the environment, or a GitHub App. */
sealed interface GitHubCredentials {

  /** The method as messages name it: "the token from GITHUB_TOKEN", "GitHub App 1 …". */
  String describe();

  /** What identifies the credential within one API (for sharing tokens and write limits). */
  String identity();

  /**
   * A personal access or Actions token.
   *
   * @param value the token (secret material; {@link #toString()} redacts it)
   * @param source the variable it came from: {@code GITHUB_TOKEN} or {@code GH_TOKEN}
   */
  record Token(String value, String source) implements GitHubCredentials {
    @Override
    public String describe() {
      return "the token from " + source;
    }

    @Override
    public String identity() {
      // In memory only: two variables holding one token share its limits.
      return "token:" + value;
    }

    @Override
    public String toString() {
      return "Token[" + source + ", redacted]";
    }
  }

  /**
   * A GitHub App installation: an RS256 JWT signed with the app's key buys installation tokens.
   *
   * @param appId the app's id (or client id), the JWT's {@code iss}
   * @param installationId the installation on the owner
   * @param privateKeyFile the app's private key (PEM)
   */
  record App(String appId, String installationId, Path privateKeyFile)
      implements GitHubCredentials {
    @Override
    public String describe() {
      return "GitHub App " + appId + " installation " + installationId;
    }

    @Override
    public String identity() {
      return "app:" + appId + ":" + installationId;
    }
  }
}
