package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** STS and per-(account, region) isolation of {@link AwsEmulator}, via the real SDK clients. */
class AwsEmulatorAccountsTest {
  static final String ROLE = "arn:aws:iam::111111111111:role/deploy/SecretSyncWriter";

  AwsEmulator emulator;
  StsClient sts;
  SecretsManagerClient ambient;

  @BeforeEach
  void start() {
    emulator = AwsEmulator.start();
    sts = AwsEmulatorClients.sts(emulator);
    ambient = AwsEmulatorClients.secretsManager(emulator);
  }

  @AfterEach
  void stop() {
    ambient.close();
    sts.close();
    emulator.close();
  }

  @Test
  void assumedRoleCredentialsActInTheRolesAccount() {
    try (StsAssumeRoleCredentialsProvider provider =
            StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> r.roleArn(ROLE).roleSessionName("secretsync-run-1"))
                .build();
        SecretsManagerClient target =
            AwsEmulatorClients.secretsManager(
                emulator, provider, Region.US_EAST_1, AwsEmulatorClients.fastStandardRetries())) {

      String arn = target.createSecret(r -> r.name("shared/db").secretString("s3cr3t")).arn();

      assertThat(arn).startsWith("arn:aws:secretsmanager:us-east-1:111111111111:secret:shared/db-");
      assertThat(emulator.currentValue("111111111111", "us-east-1", "shared/db"))
          .isEqualTo("s3cr3t");
      assertThat(emulator.secrets("000000000000", "us-east-1")).isEmpty();
      assertThat(ambient.listSecrets(r -> {}).secretList()).isEmpty();
      assertThatThrownBy(() -> ambient.getSecretValue(r -> r.secretId("shared/db")))
          .isInstanceOf(ResourceNotFoundException.class);
      assertThat(target.listSecrets(r -> {}).secretList())
          .extracting(SecretListEntry::name)
          .containsExactly("shared/db");
      assertThat(emulator.count("111111111111", "secretsmanager.CreateSecret")).isEqualTo(1);
      assertThat(emulator.count("000000000000", "sts.AssumeRole")).isEqualTo(1);
    }
    assertThat(emulator.roleSessionNames()).containsExactly("secretsync-run-1");
    AwsEmulator.AssumeRoleCall call = emulator.assumeRoleCalls().get(0);
    assertThat(call.roleArn()).isEqualTo(ROLE);
    assertThat(call.callerAccount()).isEqualTo("000000000000");
    assertThat(call.issuedAccessKeyId()).startsWith("ASIA");
  }

  @Test
  void assumeRoleReturnsTheDocumentedShapes() {
    AssumeRoleResponse r =
        sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("inspect").durationSeconds(900));

    assertThat(r.assumedRoleUser().arn())
        .isEqualTo("arn:aws:sts::111111111111:assumed-role/SecretSyncWriter/inspect");
    assertThat(r.assumedRoleUser().assumedRoleId()).matches("AROA[A-Z2-7]{17}:inspect");
    assertThat(r.credentials().accessKeyId()).matches("ASIA[A-Z2-7]{16}");
    assertThat(r.credentials().secretAccessKey()).hasSize(40);
    assertThat(r.credentials().sessionToken()).isNotBlank();
    assertThat(r.credentials().expiration()).isAfter(java.time.Instant.now().plusSeconds(800));

    GetCallerIdentityResponse me = sts.getCallerIdentity();
    assertThat(me.account()).isEqualTo("000000000000");
    assertThat(me.arn()).isEqualTo("arn:aws:iam::000000000000:root");

    try (StsAssumeRoleCredentialsProvider provider =
            StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(b -> b.roleArn(ROLE).roleSessionName("whoami"))
                .build();
        StsClient asRole =
            StsClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(provider)
                .build()) {
      GetCallerIdentityResponse role = asRole.getCallerIdentity();
      assertThat(role.account()).isEqualTo("111111111111");
      assertThat(role.arn())
          .isEqualTo("arn:aws:sts::111111111111:assumed-role/SecretSyncWriter/whoami");
      assertThat(role.userId()).endsWith(":whoami");
    }

    assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("bad name!")))
        .isInstanceOfSatisfying(
            StsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
  }

  @Test
  void deniedRoleAnswersAccessDenied() {
    emulator.assumeRoleDenied(ROLE);

    assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("nope")))
        .isInstanceOfSatisfying(
            StsException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo(
                      "User: arn:aws:iam::000000000000:root is not authorized to perform:"
                          + " sts:AssumeRole on resource: "
                          + ROLE);
            });
    assertThat(emulator.roleSessionNames()).isEmpty();
    assertThat(emulator.count("sts.AssumeRole")).isEqualTo(1);
  }

  @Test
  void regionsAndRegisteredKeysAreIsolated() {
    emulator.seedSecret("000000000000", "us-east-1", "app", "east", Map.of());
    emulator.seedSecret("000000000000", "eu-west-1", "app", "west", Map.of());
    emulator.registerAccessKey("AKIAOTHERACCOUNT0001", "222222222222");
    emulator.seedSecret("222222222222", "us-east-1", "app", "other", Map.of());

    try (SecretsManagerClient west =
            AwsEmulatorClients.secretsManager(
                emulator,
                AwsEmulatorClients.AMBIENT,
                Region.EU_WEST_1,
                AwsEmulatorClients.fastStandardRetries());
        SecretsManagerClient other =
            AwsEmulatorClients.secretsManager(
                emulator,
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        "AKIAOTHERACCOUNT0001", "x")),
                Region.US_EAST_1,
                AwsEmulatorClients.fastStandardRetries())) {
      assertThat(ambient.getSecretValue(r -> r.secretId("app")).secretString()).isEqualTo("east");
      assertThat(west.getSecretValue(r -> r.secretId("app")).secretString()).isEqualTo("west");
      assertThat(other.getSecretValue(r -> r.secretId("app")).secretString()).isEqualTo("other");
      assertThat(west.getSecretValue(r -> r.secretId("app")).arn())
          .startsWith("arn:aws:secretsmanager:eu-west-1:000000000000:secret:app-");
    }
  }

  @Test
  void wireFormatsMatchTheServices() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> json =
        http.send(
            HttpRequest.newBuilder(emulator.endpoint())
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "secretsmanager.DescribeSecret")
                .header(
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/eu-central-1/secretsmanager/"
                        + "aws4_request, SignedHeaders=host, Signature=00")
                .POST(HttpRequest.BodyPublishers.ofString("{\"SecretId\":\"nope\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(json.statusCode()).isEqualTo(400);
    assertThat(json.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
    assertThat(json.body())
        .isEqualTo(
            "{\"__type\":\"ResourceNotFoundException\","
                + "\"message\":\"Secrets Manager can't find the specified secret.\"}");

    emulator.assumeRoleDenied(ROLE);
    HttpResponse<String> xml =
        http.send(
            HttpRequest.newBuilder(emulator.endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "Action=AssumeRole&Version=2011-06-15&RoleArn="
                            + java.net.URLEncoder.encode(
                                ROLE, java.nio.charset.StandardCharsets.UTF_8)
                            + "&RoleSessionName=s1"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(xml.statusCode()).isEqualTo(403);
    assertThat(xml.body())
        .contains("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">")
        .contains("<Type>Sender</Type>")
        .contains("<Code>AccessDenied</Code>")
        .containsPattern("<RequestId>[0-9a-f-]{36}</RequestId>");
    assertThat(emulator.count("000000000000", "secretsmanager.DescribeSecret")).isEqualTo(1);
    assertThat(URI.create(emulator.endpoint().toString()).getHost()).isEqualTo("127.0.0.1");
  }
}
