package dev.secretsync.engine;

import dev.secretsync.config.AwsConfig;
import dev.secretsync.config.GitHubConfig;
import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.config.TargetConfig;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The write domain of a target: the unit a shard owns whole. Every target writing to one AWS
 * account and region, one GitHub owner or one file directory lands in the same shard, so limits
 * that belong to the domain (the per-account write pacing, GitHub's per-token secondary limits, a
 * directory's manifest) are still enforced by one process. Computed from the config alone: sharding
 * a run makes no remote call.
 */
public final class WriteDomains {
  private static final Pattern ROLE_ACCOUNT = Pattern.compile("^arn:[^:]+:iam::(\\d{12}):");

  private WriteDomains() {}

  /**
   * The domain of {@code target}, e.g. {@code aws:111111111111/eu-west-1}, {@code
   * github:api.github.com/acme}, {@code file:/srv/app/secrets}.
   */
  public static String of(TargetConfig target, SecretSyncConfig config, Map<String, String> env) {
    return switch (target.type()) {
      case TargetConfig.AWS_SECRETSMANAGER -> aws(target, config.aws(), env);
      case TargetConfig.GITHUB -> github(target.github(), env);
      case TargetConfig.FILE -> "file:" + config.resolve(target.path());
      default -> "target:" + target.name();
    };
  }

  private static String aws(TargetConfig t, AwsConfig aws, Map<String, String> env) {
    String account = t.accountId();
    if (account.isEmpty()) {
      Matcher m = ROLE_ACCOUNT.matcher(t.roleArn());
      // Without an account the ambient credentials decide where writes land: one domain.
      account = m.find() ? m.group(1) : "ambient";
    }
    String region =
        first(t.region(), aws.region(), env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
    return "aws:" + account + "/" + (region == null ? "default" : region);
  }

  private static String github(GitHubConfig g, Map<String, String> env) {
    if (g == null) {
      return "github:?";
    }
    String api = first(g.apiUrl(), env.get("GITHUB_API_URL"), "https://api.github.com");
    String host;
    try {
      host = URI.create(api).getAuthority();
    } catch (IllegalArgumentException e) {
      host = api;
    }
    // Owners are case-insensitive on GitHub: Acme and acme are one account's limits.
    return "github:" + host + "/" + g.owner().toLowerCase(Locale.ROOT);
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return null;
  }
}
