package dev.secretsync.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks across github targets, kept out of {@link ConfigValidator}: the client keys of each block
 * (App credentials complete and well-formed, write limits in range) and that no two targets write
 * the same secrets — two targets on one repository, app and scope would each see the other's names
 * as unmanaged (refused) or, with {@code adopt_unmanaged}, take them over and delete them in turn.
 */
final class GitHubTargetsValidator {
  private static final Pattern APP_ID = Pattern.compile("[0-9]{1,20}|Iv[0-9A-Za-z._-]{1,64}");
  private static final Pattern INSTALLATION_ID = Pattern.compile("[0-9]{1,20}");

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
        String domain = domain(t.github(), app);
        String other = writers.putIfAbsent(domain, t.name());
        if (other != null && !other.equals(t.name())) {
          ctx.problemAt(
              path,
              "targets "
                  + other
                  + " and "
                  + t.name()
                  + " both write the "
                  + app
                  + " secrets of "
                  + describe(t.github())
                  + "; each would find the other's secrets unmanaged (or, with adopt_unmanaged,"
                  + " take them over) — merge them into one target or write different scopes");
        }
      }
    }
  }

  private void client(GitHubClientConfig c, String path) {
    if (c.appConfigured()) {
      List<String> missing = new ArrayList<>();
      if (c.appId().isEmpty()) {
        missing.add("app_id");
      }
      if (c.installationId().isEmpty()) {
        missing.add("installation_id");
      }
      if (c.privateKeyFile().isEmpty()) {
        missing.add("private_key_file");
      }
      if (!missing.isEmpty()) {
        ctx.problemAt(
            path,
            "GitHub App auth needs app_id, installation_id and private_key_file; missing "
                + String.join(", ", missing));
      }
      if (!c.appId().isEmpty() && !APP_ID.matcher(c.appId()).matches()) {
        ctx.problemAt(
            path + ".app_id",
            "\"" + c.appId() + "\" is not a GitHub App id (digits) or client id (Iv…)");
      }
      if (!c.installationId().isEmpty() && !INSTALLATION_ID.matcher(c.installationId()).matches()) {
        ctx.problemAt(
            path + ".installation_id",
            "\"" + c.installationId() + "\" is not an installation id (digits)");
      }
    }
    if (c.maxConcurrentWrites() < 1 || c.maxConcurrentWrites() > 100) {
      ctx.problemAt(path + ".max_concurrent_writes", "must be between 1 and 100");
    }
    if (c.writesPerMinute() < 1 || c.writesPerMinute() > 5_000) {
      ctx.problemAt(path + ".writes_per_minute", "must be between 1 and 5000");
    }
  }

  /**
   * The write domain of one app of a target: API, scope and the scope's identity (GitHub names are
   * case-insensitive). New scopes add their identity here.
   */
  private static String domain(GitHubConfig g, String app) {
    String api = g.apiUrl().isEmpty() ? "default" : g.apiUrl().replaceAll("/+$", "");
    return (api + " " + describe(g) + " " + app).toLowerCase(Locale.ROOT);
  }

  private static String describe(GitHubConfig g) {
    return switch (g.scope()) {
      case "repo" -> "repository " + g.owner() + "/" + g.repo();
      default -> g.scope() + " " + g.owner() + "/" + g.repo();
    };
  }
}
