package dev.secretsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretsync.testkit.TestKeys;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FingerprintTest {

  private static String sha256(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static Map<String, Object> sample() {
    Map<String, Object> spark = new LinkedHashMap<>();
    spark.put("executor_memory", "4g");
    spark.put("driver_memory", "2g");
    spark.put("partitions", 200);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dbt_version", "1.5.0");
    m.put("airflow_url", "https://airflow.internal");
    m.put("spark_config", spark);
    m.put("leads", List.of("alice", "bob"));
    m.put("ratio", 0.5);
    m.put("enabled", true);
    m.put("nothing", null);
    return m;
  }

  @Test
  void isHmacSha256OfTheCanonicalJsonUnderTheKey() throws Exception {
    Map<String, Object> m = sample();
    FingerprintKey key = TestKeys.KEY;
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(key.encoded()), "HmacSHA256"));
    String expected =
        HexFormat.of()
            .formatHex(mac.doFinal(CanonicalJson.write(m).getBytes(StandardCharsets.UTF_8)));

    assertThat(key.of(m).hex()).isEqualTo(expected);
    assertThat(key.ofCanonical(CanonicalJson.write(m))).isEqualTo(key.of(m));
  }

  @Test
  void isNotTheBareSha256AndDependsOnTheKey() throws Exception {
    Map<String, Object> pin = Map.of("pin", "4711");

    Fingerprint keyed = TestKeys.KEY.of(pin);

    assertThat(keyed.hex()).isNotEqualTo(sha256(CanonicalJson.write(pin)));
    assertThat(FingerprintKey.generate().of(pin)).isNotEqualTo(keyed);
    assertThat(FingerprintKey.fromConfigured(TestKeys.TEXT).of(pin)).isEqualTo(keyed);
  }

  @Test
  void aConfiguredKeyNeedsSixteenCharacters() {
    assertThatThrownBy(() -> FingerprintKey.fromConfigured("short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is 5 characters; use at least 16");
  }

  @Test
  void aKeyRoundTripsThroughItsEncodingAndNeverPrintsItself() {
    FingerprintKey key = FingerprintKey.generate();

    FingerprintKey decoded = FingerprintKey.decode(key.encoded());

    assertThat(decoded).isEqualTo(key);
    assertThat(decoded.id()).isEqualTo(key.id()).hasSize(12);
    assertThat(key.toString()).doesNotContain(key.encoded());
    assertThatThrownBy(() -> FingerprintKey.decode("bm90IDMyIGJ5dGVz"))
        .hasMessageContaining("not 32");
  }

  @Test
  void is64LowerCaseHexDigits() {
    Fingerprint f = TestKeys.KEY.of(sample());
    assertThat(f.hex()).hasSize(64).matches("[0-9a-f]{64}");
    assertThat(Fingerprint.isFingerprint(f.hex())).isTrue();
  }

  @Test
  void shortHexIsTheFirst12Digits() {
    Fingerprint f = TestKeys.KEY.of(sample());
    assertThat(f.shortHex()).hasSize(12).isEqualTo(f.hex().substring(0, 12));
    assertThat(f.toString()).isEqualTo("fp:" + f.shortHex());
    assertThat(f.toString()).doesNotContain(f.hex());
  }

  @Test
  void stableAcrossMapOrderingsAndImplementations() {
    Map<String, Object> original = sample();
    Fingerprint expected = TestKeys.KEY.of(original);
    assertThat(TestKeys.KEY.of(new HashMap<>(original))).isEqualTo(expected);
    assertThat(TestKeys.KEY.of(new TreeMap<>(original))).isEqualTo(expected);
    Random random = new Random(7);
    for (int i = 0; i < 20; i++) {
      assertThat(TestKeys.KEY.of(shuffled(original, random))).isEqualTo(expected);
    }
  }

  @Test
  void stableAcrossNumberRepresentations() {
    assertThat(TestKeys.KEY.of(Map.of("n", 1)))
        .isEqualTo(TestKeys.KEY.of(Map.of("n", 1L)))
        .isEqualTo(TestKeys.KEY.of(Map.of("n", 1.0)))
        .isEqualTo(TestKeys.KEY.of(Map.of("n", 1e0)))
        .isEqualTo(TestKeys.KEY.of(Map.of("n", new BigDecimal("1.00"))));
    assertThat(TestKeys.KEY.of(Map.of("n", -0.0))).isEqualTo(TestKeys.KEY.of(Map.of("n", 0)));
  }

  @Test
  void differsForDifferentValues() {
    Fingerprint base = TestKeys.KEY.of(Map.of("a", 1));
    assertThat(TestKeys.KEY.of(Map.of("a", 2))).isNotEqualTo(base);
    assertThat(TestKeys.KEY.of(Map.of("a", "1"))).isNotEqualTo(base);
    assertThat(TestKeys.KEY.of(Map.of("b", 1))).isNotEqualTo(base);
    assertThat(TestKeys.KEY.of(Map.of("a", List.of(1)))).isNotEqualTo(base);
    assertThat(TestKeys.KEY.of(List.of(1, 2))).isNotEqualTo(TestKeys.KEY.of(List.of(2, 1)));
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("a", null);
    assertThat(TestKeys.KEY.of(withNull)).isNotEqualTo(TestKeys.KEY.of(Map.of()));
  }

  @Test
  void equalityIsByHex() {
    String hex = TestKeys.KEY.of(sample()).hex();
    assertThat(new Fingerprint(hex)).isEqualTo(TestKeys.KEY.of(sample()));
    assertThat(new Fingerprint(hex).hashCode()).isEqualTo(TestKeys.KEY.of(sample()).hashCode());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "abc",
        "44136FA355B3678A1146AD16F7E8649E94FB4FC21FE77E8310C060F61CAAFF8A",
        "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8",
        "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a0",
        "g4136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
        "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f"
      })
  void rejectsMalformedHex(String hex) {
    assertThat(Fingerprint.isFingerprint(hex)).isFalse();
    assertThatThrownBy(() -> new Fingerprint(hex))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a fingerprint is 64 lower-case hex digits");
  }

  @Test
  void rejectsNull() {
    assertThat(Fingerprint.isFingerprint(null)).isFalse();
    assertThatThrownBy(() -> new Fingerprint(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void loneSurrogatesDoNotCollideWithOtherStrings() {
    assertThat(TestKeys.KEY.of(Map.of("k", "\uD800")))
        .isNotEqualTo(TestKeys.KEY.of(Map.of("k", "?")));
    assertThat(TestKeys.KEY.of(Map.of("k", "\uD800")))
        .isNotEqualTo(TestKeys.KEY.of(Map.of("k", "\uDBFF")));
  }

  private static Object shuffled(Object value, Random random) {
    if (value instanceof Map<?, ?> m) {
      List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
      Collections.shuffle(entries, random);
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : entries) {
        out.put((String) e.getKey(), shuffled(e.getValue(), random));
      }
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(shuffled(x, random)));
      return out;
    }
    return value;
  }
}
