package dev.secretsync.config;

/**
 * How a github target talks to the API, beyond where: GitHub App credentials and the write limits
 * (part of the {@code github:} block; see {@link GitHubConfig#client()}).
 *
 * @param appId {@code app_id}: the GitHub App's id (or client id); empty = {@code
 *     SECRETSYNC_GITHUB_APP_ID}, else token auth
 * @param installationId {@code installation_id}: the app's installation; empty = {@code
 *     SECRETSYNC_GITHUB_APP_INSTALLATION_ID}, else looked up on the target's repository or
 *     organisation
 * @param privateKeyFile {@code private_key_file}: the app's private key (PEM, PKCS#1 or PKCS#8),
 *     relative to the config file; empty = {@code SECRETSYNC_GITHUB_APP_PRIVATE_KEY_FILE}, else the
 *     PEM text in {@code SECRETSYNC_GITHUB_APP_PRIVATE_KEY}
 * @param maxConcurrentWrites {@code max_concurrent_writes}: PUTs and DELETEs in flight at once per
 *     credential, across the run's github targets (default 4)
 * @param writesPerMinute {@code writes_per_minute}: PUTs and DELETEs started in any 60 seconds per
 *     credential (default 60; GitHub's secondary limit is 80 content-creating requests a minute)
 */
public record GitHubClientConfig(
    String appId,
    String installationId,
    String privateKeyFile,
    int maxConcurrentWrites,
    int writesPerMinute) {

  /** Token auth and the default limits. */
  public static final GitHubClientConfig DEFAULT = new GitHubClientConfig("", "", "", 4, 60);
}
