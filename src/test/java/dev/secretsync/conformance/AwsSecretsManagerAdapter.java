package dev.secretsync.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.core.FingerprintKey;
import dev.secretsync.testkit.AwsEmulator;
import dev.secretsync.testkit.AwsSecretView;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * AWS Secrets Manager targets on the {@link AwsEmulator}: each target name gets an account of its
 * own (target {@code T} → 111111111111, any other → 222222222222) unless it shares one. The account
 * already holds secretsync's fingerprint key, as an account a previous run wrote to does, so the
 * scenarios count the writes of secrets alone (KeyedFingerprintTest covers the key's creation).
 */
final class AwsSecretsManagerAdapter implements TargetAdapter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REGION = "us-east-1";
  private static final String KEY_SECRET = "secretsync/fingerprint-key";

  private AwsEmulator aws;

  @Override
  public String type() {
    return "aws_secretsmanager";
  }

  @Override
  public void start(Path dir) {
    aws = AwsEmulator.start();
    for (String account : Set.of(account("T"), account("U"))) {
      aws.seedSecret(
          account,
          REGION,
          KEY_SECRET,
          FingerprintKey.generate().encoded(),
          Map.of("secretsync:managed-by", "secretsync", "secretsync:purpose", "fingerprint-key"));
    }
  }

  @Override
  public String globalYaml() {
    return "aws:\n  region: us-east-1\n  endpoint: "
        + aws.endpoint()
        + "\n  role_pattern: \"arn:aws:iam::{{account_id}}:role/SecretSync\"\n";
  }

  @Override
  public String targetYaml(String target, String shareWith) {
    return "account_id: \"" + account(shareWith == null ? target : shareWith) + "\"\n";
  }

  @Override
  public Map<String, String> env() {
    return Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "not-a-real-key");
  }

  @Override
  @SuppressWarnings("unchecked")
  public Optional<Map<String, Object>> read(String target, String key) {
    Optional<AwsSecretView> s = aws.secret(account(target), REGION, key);
    if (s.isEmpty() || s.get().scheduledForDeletion() || s.get().currentValue() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(s.get().currentValue(), Map.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Map<String, String> snapshot(String target) {
    Map<String, String> out = new TreeMap<>();
    for (AwsSecretView s : aws.secrets(account(target), REGION)) {
      if (!s.name().equals(KEY_SECRET) && !s.scheduledForDeletion()) {
        out.put(
            s.name(),
            s.current().map(AwsSecretView.Version::versionId).orElse("-") + " " + s.tags());
      }
    }
    return out;
  }

  @Override
  public void changeOutOfBand(String target, String key, Map<String, Object> value) {
    aws.modifyOutOfBand(account(target), REGION, key, json(value));
  }

  @Override
  public void createUnmanaged(String target, String key, Map<String, Object> value) {
    aws.seedSecret(account(target), REGION, key, json(value), Map.of());
  }

  @Override
  public long writeCalls() {
    return aws.writeCount();
  }

  @Override
  public void resetCounters() {
    aws.resetCounters();
  }

  /** The next CreateSecret fails with a client error (not retried): one of the new keys fails. */
  @Override
  public void failOneWrite(String target, String key) {
    aws.failNext("secretsmanager.CreateSecret", 1, 400, "InvalidRequestException");
  }

  @Override
  public String refusedKey() {
    return "app/bad name";
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.VALUE_SIZE_LIMIT, Capability.SHARED_PLACE);
  }

  @Override
  public String whyNot(Capability capability) {
    return "";
  }

  @Override
  public void close() {
    aws.close();
  }

  private static String account(String target) {
    return "T".equals(target) ? "111111111111" : "222222222222";
  }

  private static String json(Map<String, Object> value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
