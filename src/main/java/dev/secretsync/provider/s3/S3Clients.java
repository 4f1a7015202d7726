package dev.secretsync.provider.s3;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the S3 client of the merge store from its settings and the run's environment. */
final class S3Clients {
  private S3Clients() {}

  /**
   * A sync client for {@code settings} on the shared {@code httpClient} (which the client does not
   * close: the registry owns it).
   */
  static S3Client create(
      S3StoreSettings settings,
      Map<String, String> env,
      SdkHttpClient http,
      software.amazon.awssdk.core.interceptor.ExecutionInterceptor observer) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClient(http)
            .overrideConfiguration(c -> c.addExecutionInterceptor(observer))
            .region(Region.of(settings.region()))
            .forcePathStyle(settings.pathStyle());
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    credentials(env).ifPresent(builder::credentialsProvider);
    return builder.build();
  }

  /**
   * Keys from the run's environment when it has both; otherwise empty, and the SDK's default chain
   * (environment, profile, web identity, container, instance metadata) applies. Reading the run's
   * map rather than the process environment lets tests pass keys without touching either.
   */
  static Optional<AwsCredentialsProvider> credentials(Map<String, String> env) {
    String id = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
      return Optional.empty();
    }
    String token = env.get("AWS_SESSION_TOKEN");
    AwsCredentials creds =
        token == null || token.isBlank()
            ? AwsBasicCredentials.create(id, secret)
            : AwsSessionCredentials.create(id, secret, token);
    return Optional.of(StaticCredentialsProvider.create(creds));
  }
}
