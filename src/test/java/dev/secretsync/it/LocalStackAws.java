package dev.secretsync.it;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Inspects LocalStack the way an operator would, with the AWS SDK: secrets per account (the access
 * key id is the 12-digit account, which LocalStack uses as its namespace, and is the account whose
 * role secretsync assumes), their versions, stages, tags and values, and merge-store objects.
 */
final class LocalStackAws implements AutoCloseable {
  static final Region REGION = Region.US_EAST_1;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final URI endpoint;
  private final Map<String, SecretsManagerClient> clients = new TreeMap<>();
  private final S3Client s3;

  LocalStackAws(URI endpoint) {
    this.endpoint = endpoint;
    this.s3 =
        S3Client.builder()
            .endpointOverride(endpoint)
            .region(REGION)
            .credentialsProvider(credentials("test"))
            .forcePathStyle(true)
            .httpClientBuilder(ApacheHttpClient.builder())
            .build();
  }

  /** A fresh random account id, so tests sharing one LocalStack never see each other's secrets. */
  static String newAccount() {
    return String.valueOf(
        ThreadLocalRandom.current().nextLong(100_000_000_000L, 1_000_000_000_000L));
  }

  /** The edge endpoint. */
  URI endpoint() {
    return endpoint;
  }

  /** Creates a bucket with a unique name and returns the name. */
  String newBucket(String prefix) {
    String name =
        (prefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    s3.createBucket(b -> b.bucket(name));
    return name;
  }

  /** HEAD of a merge-store object: its ETag and LastModified tell whether it was rewritten. */
  HeadObjectResponse head(String bucket, String key) {
    return s3.headObject(b -> b.bucket(bucket).key(key));
  }

  /** Names of the secrets in {@code account} tagged {@code secretsync:target=<target>}. */
  List<String> ownedBy(String account, String target) {
    // Listed whole and filtered here: an account belongs to one test and holds a few secrets, and
    // the check then does not depend on the service's tag filters.
    return sm(account).listSecretsPaginator(b -> b.maxResults(100)).stream()
        .flatMap(page -> page.secretList().stream())
        .filter(e -> target.equals(tags(e.tags()).get("secretsync:target")))
        .map(SecretListEntry::name)
        .sorted()
        .toList();
  }

  /** DescribeSecret, or empty when the secret does not exist (at all, not even scheduled). */
  Optional<DescribeSecretResponse> describe(String account, String name) {
    try {
      return Optional.of(sm(account).describeSecret(b -> b.secretId(name)));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  /** The version id that carries {@code AWSCURRENT}. */
  String currentVersion(String account, String name) {
    return describe(account, name).orElseThrow().versionIdsToStages().entrySet().stream()
        .filter(e -> e.getValue().contains("AWSCURRENT"))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " has no AWSCURRENT version"));
  }

  /** The {@code AWSCURRENT} value, parsed. */
  Map<String, Object> currentValue(String account, String name) {
    try {
      return JSON.readValue(sm(account).getSecretValue(b -> b.secretId(name)).secretString(), MAP);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The secret's tags as a map. */
  Map<String, String> tags(String account, String name) {
    return tags(describe(account, name).orElseThrow().tags());
  }

  /**
   * Everything a write would change, per owned secret of {@code target}: version ids and their
   * stages, tags, and the last-changed date. Equal snapshots before and after a run = no write.
   */
  Map<String, String> snapshot(String account, String target) {
    Map<String, String> out = new TreeMap<>();
    for (String name : ownedBy(account, target)) {
      DescribeSecretResponse d = describe(account, name).orElseThrow();
      out.put(
          name,
          new TreeMap<>(d.versionIdsToStages())
              + " "
              + new TreeMap<>(tags(d.tags()))
              + " "
              + d.lastChangedDate()
              + " "
              + d.deletedDate());
    }
    return out;
  }

  private static Map<String, String> tags(List<Tag> tags) {
    Map<String, String> m = new TreeMap<>();
    tags.forEach(t -> m.put(t.key(), t.value()));
    return m;
  }

  private synchronized SecretsManagerClient sm(String account) {
    return clients.computeIfAbsent(
        account,
        a ->
            SecretsManagerClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials(a))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build());
  }

  private static StaticCredentialsProvider credentials(String accessKeyId) {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "test"));
  }

  @Override
  public void close() {
    clients.values().forEach(SecretsManagerClient::close);
    s3.close();
  }
}
