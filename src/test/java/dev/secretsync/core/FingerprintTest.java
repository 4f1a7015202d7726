package dev.secretsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
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
  void isSha256OfTheCanonicalJson() throws Exception {
    assertThat(Fingerprint.of(Map.of()).hex())
        .isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    Map<String, Object> m = sample();
    assertThat(Fingerprint.of(m).hex()).isEqualTo(sha256(CanonicalJson.write(m)));
    assertThat(Fingerprint.ofCanonical(CanonicalJson.write(m))).isEqualTo(Fingerprint.of(m));
    assertThat(Fingerprint.of(Map.of("k", "é")).hex()).isEqualTo(sha256("{\"k\":\"é\"}"));
  }

  @Test
  void is64LowerCaseHexDigits() {
    Fingerprint f = Fingerprint.of(sample());
    assertThat(f.hex()).hasSize(64).matches("[0-9a-f]{64}");
    assertThat(Fingerprint.isFingerprint(f.hex())).isTrue();
  }

  @Test
  void shortHexIsTheFirst12Digits() {
    Fingerprint f = Fingerprint.of(sample());
    assertThat(f.shortHex()).hasSize(12).isEqualTo(f.hex().substring(0, 12));
    assertThat(f.toString()).isEqualTo("sha256:" + f.shortHex());
    assertThat(f.toString()).doesNotContain(f.hex());
  }

  @Test
  void stableAcrossMapOrderingsAndImplementations() {
    Map<String, Object> original = sample();
    Fingerprint expected = Fingerprint.of(original);
    assertThat(Fingerprint.of(new HashMap<>(original))).isEqualTo(expected);
    assertThat(Fingerprint.of(new TreeMap<>(original))).isEqualTo(expected);
    Random random = new Random(7);
    for (int i = 0; i < 20; i++) {
      assertThat(Fingerprint.of(shuffled(original, random))).isEqualTo(expected);
    }
  }

  @Test
  void stableAcrossNumberRepresentations() {
    assertThat(Fingerprint.of(Map.of("n", 1)))
        .isEqualTo(Fingerprint.of(Map.of("n", 1L)))
        .isEqualTo(Fingerprint.of(Map.of("n", 1.0)))
        .isEqualTo(Fingerprint.of(Map.of("n", 1e0)))
        .isEqualTo(Fingerprint.of(Map.of("n", new BigDecimal("1.00"))));
    assertThat(Fingerprint.of(Map.of("n", -0.0))).isEqualTo(Fingerprint.of(Map.of("n", 0)));
  }

  @Test
  void differsForDifferentValues() {
    Fingerprint base = Fingerprint.of(Map.of("a", 1));
    assertThat(Fingerprint.of(Map.of("a", 2))).isNotEqualTo(base);
    assertThat(Fingerprint.of(Map.of("a", "1"))).isNotEqualTo(base);
    assertThat(Fingerprint.of(Map.of("b", 1))).isNotEqualTo(base);
    assertThat(Fingerprint.of(Map.of("a", List.of(1)))).isNotEqualTo(base);
    assertThat(Fingerprint.of(List.of(1, 2))).isNotEqualTo(Fingerprint.of(List.of(2, 1)));
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("a", null);
    assertThat(Fingerprint.of(withNull)).isNotEqualTo(Fingerprint.of(Map.of()));
  }

  @Test
  void equalityIsByHex() {
    String hex = Fingerprint.of(sample()).hex();
    assertThat(new Fingerprint(hex)).isEqualTo(Fingerprint.of(sample()));
    assertThat(new Fingerprint(hex).hashCode()).isEqualTo(Fingerprint.of(sample()).hashCode());
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
    assertThat(Fingerprint.of(Map.of("k", "\uD800")))
        .isNotEqualTo(Fingerprint.of(Map.of("k", "?")));
    assertThat(Fingerprint.of(Map.of("k", "\uD800")))
        .isNotEqualTo(Fingerprint.of(Map.of("k", "\uDBFF")));
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
