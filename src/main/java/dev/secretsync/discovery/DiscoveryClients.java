package dev.secretsync.discovery;

import dev.secretsync.config.AwsConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiFunction;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.identitystore.IdentitystoreClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Builds the discovery clients as the other AWS clients are built: endpoint {@code aws.endpoint} >
 * {@code AWS_ENDPOINT_URL_<SERVICE>} > {@code AWS_ENDPOINT_URL}; credentials from the run's
 * environment keys, else the default chain, optionally through {@code role_arn} (one AssumeRole).
 * Organizations is a global service answered in us-east-1; Identity Center is regional ({@code
 * aws.region}). Retries: the SDK's standard strategy (5 attempts), which backs off and retries
 * {@code TooManyRequestsException} and {@code ThrottlingException} as throttling.
 */
public final class DiscoveryClients {
  private final AwsConfig aws;
  private final Map<String, String> env;
  private final SdkHttpClient http;
  private final String runId;
  private final BiFunction<String, String, ExecutionInterceptor> observer;

  /**
   * @param aws the {@code aws:} block
   * @param env the run's environment
   * @param http the shared HTTP client (not closed here)
   * @param runId for the STS session name
   * @param observer {@code (breaker name, service) → interceptor}: breaker {@code
   *     aws:organizations} (and {@code aws:sso}), metrics, request ids
   */
  public DiscoveryClients(
      AwsConfig aws,
      Map<String, String> env,
      SdkHttpClient http,
      String runId,
      BiFunction<String, String, ExecutionInterceptor> observer) {
    this.aws = aws;
    this.env = env;
    this.http = http;
    this.runId = runId;
    this.observer = observer;
  }

  /** The API for one block's {@code role_arn} (empty = ambient credentials). Close it after use. */
  public OrganizationsApi open(String roleArn) {
    AwsCredentialsProvider ambient = ambient();
    AwsCredentialsProvider creds = ambient;
    StsClient sts = null;
    if (!roleArn.isEmpty()) {
      sts =
          configure(StsClient.builder(), "STS", "aws:sts", "sts", Region.US_EAST_1, ambient)
              .build();
      StsClient stsClient = sts;
      creds =
          StsAssumeRoleCredentialsProvider.builder()
              .stsClient(stsClient)
              .refreshRequest(
                  r -> r.roleArn(roleArn).roleSessionName("secretsync-discovery-" + runId))
              .asyncCredentialUpdateEnabled(false)
              .build();
    }
    Region region = Region.of(region());
    OrganizationsClient org =
        configure(
                OrganizationsClient.builder(),
                "ORGANIZATIONS",
                "aws:organizations",
                "organizations",
                Region.US_EAST_1,
                creds)
            .build();
    SsoAdminClient sso =
        configure(SsoAdminClient.builder(), "SSO_ADMIN", "aws:sso", "sso", region, creds).build();
    IdentitystoreClient store =
        configure(
                IdentitystoreClient.builder(),
                "IDENTITYSTORE",
                "aws:sso",
                "identitystore",
                region,
                creds)
            .build();
    String who = roleArn.isEmpty() ? "the ambient credentials" : "role " + roleArn;
    StsClient toClose = sts;
    AwsCredentialsProvider provider = creds;
    return new AwsOrganizationsApi(
        org,
        sso,
        store,
        who,
        () -> {
          if (provider instanceof StsAssumeRoleCredentialsProvider p) {
            p.close();
          }
          if (toClose != null) {
            toClose.close();
          }
        });
  }

  private String region() {
    if (aws.region() != null && !aws.region().isEmpty()) {
      return aws.region();
    }
    String r = env.get("AWS_REGION");
    return r == null || r.isEmpty() ? "us-east-1" : r;
  }

  private <B extends AwsClientBuilder<B, ?>> B configure(
      B builder,
      String envSuffix,
      String breaker,
      String service,
      Region region,
      AwsCredentialsProvider creds) {
    builder
        .region(region)
        .credentialsProvider(creds)
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .retryStrategy(
                    AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(5)
                        .circuitBreakerEnabled(false)
                        .build())
                .apiCallTimeout(Duration.ofMinutes(2))
                .addExecutionInterceptor(observer.apply(breaker, service))
                .build());
    if (builder instanceof SdkSyncClientBuilder<?, ?> sync) {
      sync.httpClient(http);
    }
    URI endpoint = endpoint(envSuffix);
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder;
  }

  private URI endpoint(String suffix) {
    for (String e :
        new String[] {
          aws.endpoint(), env.get("AWS_ENDPOINT_URL_" + suffix), env.get("AWS_ENDPOINT_URL")
        }) {
      if (e != null && !e.isEmpty()) {
        return URI.create(e);
      }
    }
    return null;
  }

  private AwsCredentialsProvider ambient() {
    String key = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (key != null && !key.isEmpty() && secret != null && !secret.isEmpty()) {
      String token = env.get("AWS_SESSION_TOKEN");
      return StaticCredentialsProvider.create(
          token == null || token.isEmpty()
              ? AwsBasicCredentials.create(key, secret)
              : AwsSessionCredentials.create(key, secret, token));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
