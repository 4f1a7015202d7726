package dev.secretsync.provider.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretsync.config.AwsConfig;
import dev.secretsync.config.MergeStoreConfig;
import dev.secretsync.spi.ProviderException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class S3StoreSettingsTest {
  private static final AwsConfig NO_AWS = AwsConfig.defaults();

  private static MergeStoreConfig.S3 s3(String region, String endpoint) {
    return new MergeStoreConfig.S3("b", "merged/", region, "", endpoint, true);
  }

  private static AwsConfig aws(String region, String endpoint) {
    return new AwsConfig(region, endpoint, "", AwsConfig.ControlTower.DISABLED);
  }

  @Test
  void regionComesFromTheStoreThenAwsThenTheRunEnvironment() {
    Map<String, String> env = Map.of("AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "eu-west-2");
    assertThat(S3StoreSettings.resolve(s3("us-west-2", ""), aws("ca-central-1", ""), env).region())
        .isEqualTo("us-west-2");
    assertThat(S3StoreSettings.resolve(s3("", ""), aws("ca-central-1", ""), env).region())
        .isEqualTo("ca-central-1");
    assertThat(S3StoreSettings.resolve(s3("", ""), NO_AWS, env).region()).isEqualTo("eu-west-1");
    assertThat(
            S3StoreSettings.resolve(s3("", ""), NO_AWS, Map.of("AWS_DEFAULT_REGION", "eu-west-2"))
                .region())
        .isEqualTo("eu-west-2");
  }

  @Test
  void missingRegionIsAClearError() {
    assertThatThrownBy(() -> S3StoreSettings.resolve(s3("", ""), NO_AWS, Map.of()))
        .isInstanceOf(ProviderException.class)
        .hasMessage(
            "merge store s3://b: no region; set merge_store.s3.region, aws.region or AWS_REGION");
  }

  @Test
  void endpointComesFromTheStoreThenAwsThenTheServiceVariableThenTheGeneralOne() {
    Map<String, String> env =
        Map.of(
            "AWS_REGION", "us-east-1",
            "AWS_ENDPOINT_URL_S3", "http://s3.local:1",
            "AWS_ENDPOINT_URL", "http://all.local:2");
    assertThat(
            S3StoreSettings.resolve(s3("", "http://store:9"), aws("", "http://aws:8"), env)
                .endpoint())
        .isEqualTo(URI.create("http://store:9"));
    assertThat(S3StoreSettings.resolve(s3("", ""), aws("", "http://aws:8"), env).endpoint())
        .isEqualTo(URI.create("http://aws:8"));
    assertThat(S3StoreSettings.resolve(s3("", ""), NO_AWS, env).endpoint())
        .isEqualTo(URI.create("http://s3.local:1"));
    assertThat(
            S3StoreSettings.resolve(
                    s3("", ""),
                    NO_AWS,
                    Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", "http://all.local:2"))
                .endpoint())
        .isEqualTo(URI.create("http://all.local:2"));
    assertThat(
            S3StoreSettings.resolve(s3("", ""), NO_AWS, Map.of("AWS_REGION", "us-east-1"))
                .endpoint())
        .as("AWS itself")
        .isNull();
  }

  @Test
  void anEndpointThatIsNotAUrlIsAClearError() {
    assertThatThrownBy(
            () -> S3StoreSettings.resolve(s3("us-east-1", "localhost:9090"), NO_AWS, Map.of()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("endpoint \"localhost:9090\" is not a URL");
  }

  @ParameterizedTest
  @CsvSource({"'',''", "merged/,merged/", "merged,merged/", "/a/b,a/b/", "'  x/ ',x/"})
  void prefixIsAFolder(String given, String expected) {
    assertThat(S3StoreSettings.normalisePrefix(given)).isEqualTo(expected);
  }

  @Test
  void keysAndDescription() {
    var settings = S3StoreSettings.resolve(s3("us-east-1", ""), NO_AWS, Map.of());
    assertThat(settings.key("Staging")).isEqualTo("merged/bundles/Staging.json");
    assertThat(settings.location()).isEqualTo("s3://b/merged/");
    assertThat(settings.toString()).doesNotContain("SECRET");
  }

  @Test
  void credentialsComeFromTheRunEnvironmentWhenBothKeysAreThere() {
    assertThat(S3Clients.credentials(Map.of())).isEmpty();
    assertThat(S3Clients.credentials(Map.of("AWS_ACCESS_KEY_ID", "AKID"))).isEmpty();
    var basic =
        S3Clients.credentials(Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "S"))
            .orElseThrow()
            .resolveCredentials();
    assertThat(basic.accessKeyId()).isEqualTo("AKID");
    assertThat(basic.secretAccessKey()).isEqualTo("S");
    var session =
        S3Clients.credentials(
                Map.of(
                    "AWS_ACCESS_KEY_ID", "AKID",
                    "AWS_SECRET_ACCESS_KEY", "S",
                    "AWS_SESSION_TOKEN", "T"))
            .orElseThrow()
            .resolveCredentials();
    assertThat(session).isInstanceOf(AwsSessionCredentials.class);
    assertThat(((AwsSessionCredentials) session).sessionToken()).isEqualTo("T");
  }
}
