package dev.secretsync.provider.awssm;

import dev.secretsync.config.AwsConfig;
import dev.secretsync.core.FingerprintKey;
import dev.secretsync.resilience.RateLimiter;
import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.RunContext;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The AWS clients of one run, shared by every target: one Secrets Manager client and one write rate
 * limiter per (account, region, role), one STS client per region, all on one HTTP client. Roles are
 * assumed once per (role, region) with session name {@code secretsync-<run id>}. Thread-safe.
 */
public final class AwsClients implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AwsClients.class);

  private final AwsConfig aws;
  private final Map<String, String> env;
  private final SdkHttpClient http;
  private final String runId;
  private final int writesPerSecond;
  private final java.util.function.BiFunction<String, String, ExecutionInterceptor> observer;
  private final Map<AwsLocation, SecretsManagerClient> clients = new ConcurrentHashMap<>();
  private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
  private final Map<String, StsClient> sts = new ConcurrentHashMap<>();
  private final Map<String, String> callerAccounts = new ConcurrentHashMap<>();
  private final Map<String, StsAssumeRoleCredentialsProvider> roles = new ConcurrentHashMap<>();
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private final AccountKeys keys = new AccountKeys();

  /**
   * @param aws the {@code aws:} config
   * @param env environment (credentials, region and endpoint fallbacks)
   * @param http the shared HTTP client (not closed here)
   * @param runId the run id, for STS session names
   * @param writesPerSecond client-side write limit per (account, region)
   * @param observer wraps every call of an endpoint: {@code (breaker name, service label) →
   *     interceptor} (circuit breaker, metrics, request ids)
   */
  public AwsClients(
      AwsConfig aws,
      Map<String, String> env,
      SdkHttpClient http,
      String runId,
      int writesPerSecond,
      java.util.function.BiFunction<String, String, ExecutionInterceptor> observer) {
    this.observer = observer;
    this.aws = aws;
    this.env = env;
    this.http = http;
    this.runId = runId;
    this.writesPerSecond = writesPerSecond;
  }

  SecretsManagerClient secretsManager(AwsLocation loc) {
    return clients.computeIfAbsent(loc, this::newSecretsManager);
  }

  /** The fingerprint key of {@code loc}: configured, else kept in the account (once per run). */
  FingerprintKey fingerprintKey(AwsLocation loc, RunContext ctx) {
    return keys.get(loc, ctx, this::secretsManager);
  }

  RateLimiter writeLimiter(AwsLocation loc) {
    return limiters.computeIfAbsent(
        loc.accountId() + "/" + loc.region(), k -> new RateLimiter(writesPerSecond));
  }

  /**
   * The account the ambient credentials belong to (one GetCallerIdentity per region per run), used
   * to refuse writing into another account than the configured one.
   */
  String ambientAccount(String region) {
    return callerAccounts.computeIfAbsent(
        region,
        r -> {
          GetCallerIdentityResponse id = stsClient(r).getCallerIdentity();
          return id.account();
        });
  }

  /** Whether {@code key} is reported for the first time this run (targets share accounts). */
  boolean firstReport(String key) {
    return reported.add(key);
  }

  private SecretsManagerClient newSecretsManager(AwsLocation loc) {
    var builder =
        SecretsManagerClient.builder()
            .httpClient(http)
            .region(Region.of(loc.region()))
            .credentialsProvider(credentialsFor(loc))
            .overrideConfiguration(
                retries().toBuilder()
                    .addExecutionInterceptor(
                        observer.apply(
                            "aws:secretsmanager:"
                                + (loc.accountId().isEmpty() ? "ambient" : loc.accountId())
                                + ":"
                                + loc.region(),
                            "secretsmanager"))
                    .build());
    URI endpoint = AwsLocation.endpoint(aws, env, "SECRETS_MANAGER");
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    LOG.debug("secrets manager client for {}", loc.describe());
    return builder.build();
  }

  private AwsCredentialsProvider credentialsFor(AwsLocation loc) {
    if (loc.roleArn() == null) {
      return ambient();
    }
    return roles.computeIfAbsent(
        loc.roleArn() + "|" + loc.region(),
        k ->
            StsAssumeRoleCredentialsProvider.builder()
                .stsClient(stsClient(loc.region()))
                .refreshRequest(
                    r ->
                        r.roleArn(loc.roleArn())
                            .roleSessionName("secretsync-" + runId)
                            .durationSeconds(3600))
                .asyncCredentialUpdateEnabled(false)
                .build());
  }

  private StsClient stsClient(String region) {
    return sts.computeIfAbsent(
        region,
        r -> {
          var builder =
              StsClient.builder()
                  .httpClient(http)
                  .region(Region.of(r))
                  .credentialsProvider(ambient())
                  .overrideConfiguration(
                      retries().toBuilder()
                          .addExecutionInterceptor(observer.apply("aws:sts", "sts"))
                          .build());
          URI endpoint = AwsLocation.endpoint(aws, env, "STS");
          if (endpoint != null) {
            builder.endpointOverride(endpoint);
          }
          return builder.build();
        });
  }

  /** Ambient credentials: keys from the run's environment when present, else the default chain. */
  private AwsCredentialsProvider ambient() {
    return ambient(env);
  }

  /** Keys from {@code env} when it has them, else the SDK's default chain. */
  static AwsCredentialsProvider ambient(Map<String, String> env) {
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

  /**
   * Retries with jittered exponential backoff (longer for throttling), 5 attempts. Not the SDK's
   * adaptive mode: our own per-account {@link RateLimiter} already paces writes under the quota,
   * and adaptive mode's extra client-side limiter slowed a run with 30% random throttles 40-fold
   * (300 s instead of 7 s for 250 writes). The SDK's retry circuit breaker is off: a long run with
   * many throttles must not start failing requests outright (our breakers handle outages).
   */
  private static ClientOverrideConfiguration retries() {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(
            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(5)
                .circuitBreakerEnabled(false)
                .build())
        .apiCallTimeout(Duration.ofMinutes(2))
        .build();
  }

  @Override
  public void close() {
    roles.values().forEach(StsAssumeRoleCredentialsProvider::close);
    clients.values().forEach(SecretsManagerClient::close);
    sts.values().forEach(StsClient::close);
  }

  static ProviderException configError(String message) {
    return new ProviderException("aws:secretsmanager", "configure", false, message);
  }
}
