package dev.secretsync.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks across github targets, kept out of {@link ConfigValidator}: the client keys of each block
 * (App credentials well-formed, write limits in range) and that no two targets write the same
 * secrets. Two targets on one repository (or environment, or organisation), app and API would each
 * see the other's names as unmanaged (refused) or, with {@code adopt_unmanaged}, take them over and
 * delete them in turn — and each keeps its own state record, so neither would ever converge.
 */
final class GitHubTargetsValidator {
  private static final Pattern APP_ID = Pattern.compile("[0-9]{1,20}|Iv[0-9A-Za-z._-]{1,64}");
  private static final Pattern INSTALLATION_ID = Pattern.compile("[0-9]{1,20}");

  /** Upper bounds that catch typos; GitHub's own secondary limits are far lower. */
  static final int MAX_CONCURRENT_WRITES = 100;

  static final int MAX_WRITES_PER_MINUTE = 5_000;

  private final YamlContext ctx;
  private final SecretSyncConfig config;

  GitHubTargetsValidator(YamlContext ctx, SecretSyncConfig config) {
    this.ctx = ctx;
    this.config = config;
  }

  void validate() {
    Map<String, String> writers = new LinkedHashMap<>();
    for (TargetConfig t : config.targets().values()) {
      if (!TargetConfig.GITHUB.equals(t.type()) || t.github() == null) {
        continue;
      }
      String path = "targets." + t.name() + ".github";
      client(t.github().client(), path);
      for (String app : t.github().apps()) {
        String first = writers.putIfAbsent(domain(t.github(), app), path);
        if (first != null && !first.equals(path)) {
          ctx.problemAt(
              path,
              "this target and "
                  + first
                  + " ("
                  + ctx.locate(first)
                  + ") both write the "
                  + app
                  + " secrets of "
                  + describe(t.github())
                  + "; each would find the other's secrets unmanaged (or, with adopt_unmanaged,"
                  + " take them over and delete them) — merge them into one target, or import one"
                  + " into the other");
        }
      }
    }
  }

  private void client(GitHubClientConfig c, String path) {
    if (c.appId().isEmpty() && (!c.installationId().isEmpty() || !c.privateKeyFile().isEmpty())) {
      ctx.problemAt(
          path + ".app_id",
          "installation_id and private_key_file need app_id (the GitHub App's id or client id)");
    }
    if (!c.appId().isEmpty() && !APP_ID.matcher(c.appId()).matches()) {
      ctx.problemAt(
          path + ".app_id",
          "\"" + c.appId() + "\" is not a GitHub App id (digits) or client id (Iv…)");
    }
    if (!c.installationId().isEmpty() && !INSTALLATION_ID.matcher(c.installationId()).matches()) {
      ctx.problemAt(
          path + ".installation_id",
          "\""
              + c.installationId()
              + "\" is not an installation id (digits; leave it out to look the installation up)");
    }
    if (c.maxConcurrentWrites() < 1 || c.maxConcurrentWrites() > MAX_CONCURRENT_WRITES) {
      ctx.problemAt(
          path + ".max_concurrent_writes", "must be between 1 and " + MAX_CONCURRENT_WRITES);
    }
    if (c.writesPerMinute() < 1 || c.writesPerMinute() > MAX_WRITES_PER_MINUTE) {
      ctx.problemAt(path + ".writes_per_minute", "must be between 1 and " + MAX_WRITES_PER_MINUTE);
    }
  }

  /**
   * The write domain of one app of a target: API, scope and the scope's identity (GitHub names are
   * case-insensitive). Environment scope has Actions secrets only, so the app is part of it too.
   */
  private static String domain(GitHubConfig g, String app) {
    String api = g.apiUrl().isEmpty() ? "default" : g.apiUrl().replaceAll("/+$", "");
    return (api + " " + describe(g) + " " + app).toLowerCase(Locale.ROOT);
  }

  private static String describe(GitHubConfig g) {
    return switch (g.scope()) {
      case "org" -> "organisation " + g.owner();
      case "environment" ->
          g.owner() + "/" + g.repo() + " environment " + g.scoping().environment();
      default -> g.owner() + "/" + g.repo();
    };
  }
}
