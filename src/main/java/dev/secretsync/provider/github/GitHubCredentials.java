package dev.secretsync.provider.github;

import java.nio.file.Path;
import java.util.Locale;

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
   * @param installationId the installation, or empty to look up the app's installation on {@code
   *     owner} (and {@code repo}) with the JWT
   * @param owner the account the target writes to (for the lookup)
   * @param repo the repository the target writes to, empty for an organisation target
   * @param privateKeyFile the app's private key (PEM), or null when {@code privateKeyPem} is given
   * @param privateKeyPem the PEM text from {@link GitHubSettings#ENV_PRIVATE_KEY}, or null (secret
   *     material; {@link #toString()} redacts it)
   */
  record App(
      String appId,
      String installationId,
      String owner,
      String repo,
      Path privateKeyFile,
      String privateKeyPem)
      implements GitHubCredentials {
    @Override
    public String describe() {
      return "GitHub App "
          + appId
          + (installationId.isEmpty()
              ? " (its installation on " + owner + ")"
              : " installation " + installationId);
    }

    @Override
    public String identity() {
      // One installation per account: a looked-up one is identified by the account.
      return "app:"
          + appId
          + ":"
          + (installationId.isEmpty() ? "@" + owner.toLowerCase(Locale.ROOT) : installationId);
    }

    /** Where the key comes from, for messages. */
    String keySource() {
      return privateKeyFile != null
          ? "private_key_file " + privateKeyFile
          : GitHubSettings.ENV_PRIVATE_KEY;
    }

    @Override
    public String toString() {
      return "App[" + describe() + ", " + keySource() + ", key redacted]";
    }
  }
}
