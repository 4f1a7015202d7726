package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.VaultTestHttp.Reply;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * KV v2 {@code custom_metadata} as the Vault API documents it (Create/Update Metadata, Patch
 * Metadata, Read Metadata, Read Secret Version) and vault-plugin-secrets-kv enforces it: served on
 * metadata and data reads, merge-patched with {@code application/merge-patch+json}, values weakly
 * decoded to strings, and the documented limits (64 keys, keys ≤ 128 bytes, values 1–512 bytes).
 */
class VaultEmulatorCustomMetadataTest {
  private static final String MERGE_PATCH = "application/merge-patch+json";

  private VaultEmulator vault;
  private VaultTestHttp http;
  private String root;

  @BeforeEach
  void start() {
    vault = VaultEmulator.start();
    vault.mountKv("kv", 2).put("kv", "team/app", Map.of("k", "v"));
    root = vault.rootToken();
    http = new VaultTestHttp(vault.address());
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  @Test
  void customMetadataIsServedOnMetadataAndDataReads() throws Exception {
    Map<String, Object> body = Map.of("custom_metadata", Map.of("owner", "payments", "tier", 1));

    Reply write = http.call("POST", "/v1/kv/metadata/team/app", root, body);

    assertThat(write.status()).isEqualTo(204);
    Reply meta = http.call("GET", "/v1/kv/metadata/team/app", root, null);
    assertThat(meta.text("/data/custom_metadata/owner")).isEqualTo("payments");
    assertThat(meta.text("/data/custom_metadata/tier")).isEqualTo("1");
    Reply data = http.call("GET", "/v1/kv/data/team/app", root, null);
    assertThat(data.text("/data/metadata/custom_metadata/owner")).isEqualTo("payments");
    assertThat(vault.count("kv.metadata")).isEqualTo(2);
  }

  @Test
  void aSecretWithoutCustomMetadataReportsNull() throws Exception {
    Reply meta = http.call("GET", "/v1/kv/metadata/team/app", root, null);

    assertThat(meta.json().at("/data/custom_metadata").isNull()).isTrue();
  }

  @Test
  void patchMergesAndNullRemovesAKey() throws Exception {
    http.call(
        "POST",
        "/v1/kv/metadata/team/app",
        root,
        Map.of("max_versions", 5, "custom_metadata", Map.of("owner", "ops", "env", "prod")));
    Map<String, Object> patch = new HashMap<>();
    patch.put("owner", "payments");
    patch.put("env", null);
    patch.put("team", true);

    Reply r =
        http.call(
            "PATCH",
            "/v1/kv/metadata/team/app",
            root,
            Map.of("custom_metadata", patch),
            "Content-Type",
            MERGE_PATCH);

    assertThat(r.status()).isEqualTo(204);
    Reply meta = http.call("GET", "/v1/kv/metadata/team/app", root, null);
    assertThat(meta.json().at("/data/custom_metadata").fieldNames())
        .toIterable()
        .containsExactly("owner", "team");
    assertThat(meta.text("/data/custom_metadata/owner")).isEqualTo("payments");
    assertThat(meta.text("/data/custom_metadata/team")).as("bools decode to 1/0").isEqualTo("1");
    assertThat(meta.json().at("/data/max_versions").asInt()).as("untouched").isEqualTo(5);
  }

  @Test
  void patchNeedsTheMergePatchContentTypeAndAnExistingKey() throws Exception {
    Map<String, Object> body = Map.of("custom_metadata", Map.of("owner", "x"));

    Reply plainJson =
        http.call(
            "PATCH", "/v1/kv/metadata/team/app", root, body, "Content-Type", "application/json");
    Reply missing =
        http.call("PATCH", "/v1/kv/metadata/team/nope", root, body, "Content-Type", MERGE_PATCH);

    assertThat(plainJson.status()).isEqualTo(415);
    assertThat(plainJson.text("/errors/0")).contains("application/merge-patch+json");
    assertThat(missing.status()).isEqualTo(404);
  }

  @Test
  void documentedLimitsAreEnforced() throws Exception {
    Map<String, Object> tooMany = new LinkedHashMap<>();
    for (int i = 0; i < 65; i++) {
      tooMany.put("k" + i, "v");
    }
    Map<String, Object> empty = Map.of("owner", "");
    Map<String, Object> longKey = Map.of("k".repeat(129), "v");
    Map<String, Object> longValue = Map.of("owner", "v".repeat(513));

    Reply many = write(tooMany);
    Reply emptyValue = write(empty);
    Reply keyTooLong = write(longKey);
    Reply valueTooLong = write(longValue);

    assertThat(many.status()).isEqualTo(400);
    assertThat(many.text("/errors/0"))
        .contains("custom_metadata validation failed: payload must contain at most 64 keys")
        .contains("provided 65");
    assertThat(emptyValue.status()).isEqualTo(400);
    assertThat(emptyValue.text("/errors/0")).contains("length of value for key \"owner\" is 0");
    assertThat(keyTooLong.text("/errors/0")).contains("but must be 0 < len(key) <= 128");
    assertThat(valueTooLong.text("/errors/0")).contains("but must be 0 < len(value) <= 512");
    Reply meta = http.call("GET", "/v1/kv/metadata/team/app", root, null);
    assertThat(meta.json().at("/data/custom_metadata").isNull()).as("nothing stored").isTrue();
  }

  private Reply write(Map<String, Object> custom) throws Exception {
    return http.call("POST", "/v1/kv/metadata/team/app", root, Map.of("custom_metadata", custom));
  }
}
