package dev.secretsync.provider.awssm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.core.Secret;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;

/**
 * Reads the current values of named secrets for {@code --diff}: {@code BatchGetSecretValue}, 20
 * names per call. Only asked for when the user requested field differences, and only for updates,
 * so a plain plan or no-op run still reads no value. Values stay in memory for the diff; the report
 * masks them.
 */
final class AwsLiveValues {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BATCH = 20;

  private AwsLiveValues() {}

  @SuppressWarnings("unchecked")
  static Map<String, Secret> read(SecretsManagerClient client, Collection<String> names) {
    List<String> all = new ArrayList<>(names);
    Map<String, Secret> out = new HashMap<>();
    for (int i = 0; i < all.size(); i += BATCH) {
      List<String> chunk = all.subList(i, Math.min(all.size(), i + BATCH));
      BatchGetSecretValueResponse r = client.batchGetSecretValue(b -> b.secretIdList(chunk));
      for (SecretValueEntry v : r.secretValues()) {
        try {
          Object value =
              v.secretString() == null ? null : JSON.readValue(v.secretString(), Object.class);
          if (v.name() != null && value instanceof Map<?, ?> m) {
            out.put(v.name(), Secret.of((Map<String, Object>) m));
          }
        } catch (Exception e) {
          // Not a JSON object (plain text, binary): there are no fields to compare.
        }
      }
    }
    return out;
  }
}
