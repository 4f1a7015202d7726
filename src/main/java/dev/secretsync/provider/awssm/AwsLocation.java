package dev.secretsync.provider.awssm;

import dev.secretsync.config.AwsConfig;
import dev.secretsync.config.TargetConfig;
import dev.secretsync.spi.ProviderException;
import java.net.URI;
import java.util.Map;

/**
 * Where a target's secrets live and how to get there: account, region, and the role to assume
 * ({@code null} = ambient credentials). Also the key of the client cache: targets with the same
 * location share one client.
 *
 * @param accountId the configured account, or empty (whatever the ambient credentials reach)
 * @param region the region
 * @param roleArn the role to assume, or {@code null}
 */
record AwsLocation(String accountId, String region, String roleArn) {

  /**
   * Resolves a target's location. Role: {@code role_arn} > {@code aws.role_pattern} with {@code
   * {{account_id}}} > Control Tower execution role > ambient credentials. Region: target > {@code
   * aws.region} > {@code AWS_REGION} > {@code AWS_DEFAULT_REGION}.
   */
  static AwsLocation of(TargetConfig t, AwsConfig aws, Map<String, String> env) {
    String region =
        firstNonEmpty(
            t.region(), aws.region(), env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
    if (region == null) {
      throw new ProviderException(
          "aws:secretsmanager",
          "configure",
          false,
          "target "
              + t.name()
              + ": no AWS region: set region on the target, aws.region, or AWS_REGION");
    }
    return new AwsLocation(t.accountId(), region, roleFor(t, aws));
  }

  private static String roleFor(TargetConfig t, AwsConfig aws) {
    if (!t.roleArn().isEmpty()) {
      return t.roleArn();
    }
    if (!aws.rolePattern().isEmpty()) {
      if (aws.rolePattern().contains("{{account_id}}") && t.accountId().isEmpty()) {
        throw new ProviderException(
            "aws:secretsmanager",
            "configure",
            false,
            "target " + t.name() + ": aws.role_pattern needs account_id on the target");
      }
      return aws.rolePattern().replace("{{account_id}}", t.accountId());
    }
    if (aws.controlTower().enabled() && !t.accountId().isEmpty()) {
      String path = aws.controlTower().rolePath();
      if (!path.startsWith("/")) {
        path = "/" + path;
      }
      if (!path.endsWith("/")) {
        path = path + "/";
      }
      return "arn:aws:iam::" + t.accountId() + ":role" + path + aws.controlTower().roleName();
    }
    return null;
  }

  /**
   * The endpoint override for a service: {@code aws.endpoint} > {@code AWS_ENDPOINT_URL_<SVC>} >
   * {@code AWS_ENDPOINT_URL}.
   */
  static URI endpoint(AwsConfig aws, Map<String, String> env, String serviceEnvSuffix) {
    String e =
        firstNonEmpty(
            aws.endpoint(),
            env.get("AWS_ENDPOINT_URL_" + serviceEnvSuffix),
            env.get("AWS_ENDPOINT_URL"));
    return e == null ? null : URI.create(e);
  }

  /** For messages: {@code account 111111111111 in us-east-1 (role …)}. */
  String describe() {
    return (accountId.isEmpty() ? "ambient account" : "account " + accountId)
        + " in "
        + region
        + (roleArn == null ? "" : " (role " + roleArn + ")");
  }

  static String firstNonEmpty(String... values) {
    for (String v : values) {
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return null;
  }
}
