package dev.secretsync.provider.awssm;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.config.TargetConfig;
import dev.secretsync.spi.ProviderException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * {@code validate --check-aws}: for every AWS Secrets Manager target, resolves account, region and
 * role as a run would, calls {@code GetCallerIdentity} with the starting credentials, assumes the
 * role, calls {@code GetCallerIdentity} again as the role (and compares the account with {@code
 * account_id}), and reads one {@code ListSecrets} page of one entry. Read-only; one check per
 * distinct (account, region, role). Each problem names the IAM action or trust policy to fix, as
 * docs/security.md lists them.
 */
public final class AwsCheck {
  private AwsCheck() {}

  /** What {@link #check} looked at. */
  public record Result(List<String> problems, int locations) {}

  /**
   * Checks the AWS targets of {@code config}.
   *
   * @param env the environment (credentials, region and endpoint fallbacks)
   * @return one line per problem, each starting with its target's config path
   */
  public static Result check(SecretSyncConfig config, Map<String, String> env) {
    Set<String> problems = new LinkedHashSet<>();
    Map<AwsLocation, String> checked = new HashMap<>();
    try (SdkHttpClient http = ApacheHttpClient.builder().build();
        Session session = new Session(config, env, http)) {
      for (TargetConfig t : config.targets().values()) {
        if (!TargetConfig.AWS_SECRETSMANAGER.equals(t.type())) {
          continue;
        }
        String path = "targets." + t.name() + ": ";
        AwsLocation loc;
        try {
          loc = AwsLocation.of(t, config.aws(), env);
        } catch (ProviderException e) {
          problems.add(path + e.getMessage());
          continue;
        }
        String outcome = checked.computeIfAbsent(loc, session::check);
        if (!outcome.isEmpty()) {
          problems.add(path + outcome);
        }
      }
      return new Result(new ArrayList<>(problems), checked.size());
    }
  }

  /** The SDK clients of one check: one STS client per region on one HTTP client. */
  private static final class Session implements AutoCloseable {
    private final SecretSyncConfig config;
    private final Map<String, String> env;
    private final SdkHttpClient http;
    private final Map<String, StsClient> sts = new HashMap<>();
    private final Map<String, String> callers = new HashMap<>();

    Session(SecretSyncConfig config, Map<String, String> env, SdkHttpClient http) {
      this.config = config;
      this.env = env;
      this.http = http;
    }

    /** Checks one location; returns the problem, or an empty string when all is well. */
    String check(AwsLocation loc) {
      String caller;
      try {
        caller = callers.computeIfAbsent(loc.region(), r -> callerArn(sts(r, null)));
      } catch (SdkException e) {
        return "sts:GetCallerIdentity with the starting credentials failed in "
            + loc.region()
            + ": "
            + message(e)
            + "; check AWS_ACCESS_KEY_ID/AWS_PROFILE/web identity (GetCallerIdentity needs no"
            + " permission)";
      }
      AwsCredentialsProvider creds = AwsClients.ambient(env);
      String identity = caller;
      if (loc.roleArn() != null) {
        Credentials c;
        try {
          c =
              sts(loc.region(), null)
                  .assumeRole(r -> r.roleArn(loc.roleArn()).roleSessionName("secretsync-preflight"))
                  .credentials();
        } catch (SdkException e) {
          return "cannot assume "
              + loc.roleArn()
              + " as "
              + caller
              + ": "
              + message(e)
              + "; the caller needs sts:AssumeRole on that role, and the role's trust policy"
              + " must trust the caller (docs/security.md, hub role)";
        }
        creds =
            StaticCredentialsProvider.create(
                AwsSessionCredentials.create(
                    c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
        try (StsClient asRole = stsClient(loc.region(), creds)) {
          var id = asRole.getCallerIdentity();
          identity = id.arn();
          if (!loc.accountId().isEmpty() && !loc.accountId().equals(id.account())) {
            return loc.roleArn()
                + " belongs to account "
                + id.account()
                + ", not account_id "
                + loc.accountId()
                + "; fix role_arn or aws.role_pattern";
          }
        } catch (SdkException e) {
          return "sts:GetCallerIdentity as " + loc.roleArn() + " failed: " + message(e);
        }
      } else if (!loc.accountId().isEmpty() && !caller.contains(":" + loc.accountId() + ":")) {
        return "the starting credentials ("
            + caller
            + ") are not in account_id "
            + loc.accountId()
            + " and no role is configured; set role_arn or aws.role_pattern";
      }
      try (SecretsManagerClient sm = secretsManager(loc.region(), creds)) {
        sm.listSecrets(r -> r.maxResults(1));
      } catch (AwsServiceException e) {
        if ("AccessDeniedException".equals(e.awsErrorDetails().errorCode())) {
          return identity
              + " may not call secretsmanager:ListSecrets in "
              + loc.describe()
              + "; add the ReadState statement (secretsmanager:ListSecrets and"
              + " secretsmanager:BatchGetSecretValue on \"*\") from docs/security.md";
        }
        return "secretsmanager:ListSecrets in " + loc.describe() + " failed: " + message(e);
      } catch (SdkException e) {
        return "secretsmanager:ListSecrets in " + loc.describe() + " failed: " + message(e);
      }
      return "";
    }

    private StsClient sts(String region, AwsCredentialsProvider creds) {
      return sts.computeIfAbsent(region, r -> stsClient(r, creds));
    }

    private StsClient stsClient(String region, AwsCredentialsProvider creds) {
      var b =
          StsClient.builder()
              .httpClient(http)
              .region(Region.of(region))
              .credentialsProvider(creds == null ? AwsClients.ambient(env) : creds)
              .overrideConfiguration(c -> c.retryStrategy(retries()));
      URI endpoint = AwsLocation.endpoint(config.aws(), env, "STS");
      if (endpoint != null) {
        b.endpointOverride(endpoint);
      }
      return b.build();
    }

    private SecretsManagerClient secretsManager(String region, AwsCredentialsProvider creds) {
      var b =
          SecretsManagerClient.builder()
              .httpClient(http)
              .region(Region.of(region))
              .credentialsProvider(creds)
              .overrideConfiguration(c -> c.retryStrategy(retries()));
      URI endpoint = AwsLocation.endpoint(config.aws(), env, "SECRETS_MANAGER");
      if (endpoint != null) {
        b.endpointOverride(endpoint);
      }
      return b.build();
    }

    private static String callerArn(StsClient client) {
      return client.getCallerIdentity().arn();
    }

    /** A preflight answers quickly: two attempts, not a run's five. */
    private static RetryStrategy retries() {
      return AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(2).build();
    }

    private static String message(SdkException e) {
      if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
        return s.awsErrorDetails().errorCode() + ": " + s.awsErrorDetails().errorMessage();
      }
      return e.getMessage();
    }

    @Override
    public void close() {
      sts.values().forEach(StsClient::close);
    }
  }
}
