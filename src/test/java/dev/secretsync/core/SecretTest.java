package dev.secretsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretsync.testkit.TestKeys;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretTest {
  private static final String DISTINCTIVE = "hunter2-Zq8xW-DISTINCTIVE";

  private static Map<String, Object> credentials() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("username", "data_engineer");
    m.put("password", DISTINCTIVE);
    m.put("port", 5433);
    m.put("nested", new LinkedHashMap<>(Map.of("token", "nested-" + DISTINCTIVE)));
    m.put("list", new ArrayList<>(List.of("list-" + DISTINCTIVE)));
    return m;
  }

  @Test
  void toStringShowsNoValues() {
    Secret s = Secret.of(credentials());
    String text = s.toString();
    assertThat(text)
        .doesNotContain(DISTINCTIVE)
        .doesNotContain("data_engineer")
        .doesNotContain("5433")
        .doesNotContain("password")
        .isEqualTo("Secret[fields=5]");
    assertThat(String.valueOf(List.of(s))).doesNotContain(DISTINCTIVE);
    assertThat("" + Map.of(SecretKey.of("k"), s)).doesNotContain(DISTINCTIVE);
  }

  @Test
  void keepsADeepCopy() {
    Map<String, Object> input = credentials();
    Secret s = Secret.of(input);
    String before = s.canonicalJson();
    Fingerprint fingerprint = s.fingerprint(TestKeys.KEY);

    input.put("password", "changed");
    input.put("extra", 1);
    @SuppressWarnings("unchecked")
    Map<String, Object> nested = (Map<String, Object>) input.get("nested");
    nested.put("token", "changed");
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) input.get("list");
    list.add("more");

    assertThat(s.canonicalJson()).isEqualTo(before);
    assertThat(s.data()).doesNotContainKey("extra").containsEntry("password", DISTINCTIVE);
    assertThat(Secret.of(credentials()).fingerprint(TestKeys.KEY)).isEqualTo(fingerprint);
  }

  @Test
  void isDeeplyUnmodifiable() {
    Secret s = Secret.of(credentials());
    assertThatThrownBy(() -> s.data().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.data().remove("password"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.data().clear()).isInstanceOf(UnsupportedOperationException.class);
    DeepMergeProperties.assertDeeplyUnmodifiable(s.data());
  }

  @Test
  void equalityIsByFingerprint() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("x", 1);
    a.put("y", List.of("p", "q"));
    Map<String, Object> b = new HashMap<>();
    b.put("y", List.of("p", "q"));
    b.put("x", 1.0);

    Secret sa = Secret.of(a);
    Secret sb = Secret.of(b);
    assertThat(sa).isEqualTo(sb);
    assertThat(sa.hashCode()).isEqualTo(sb.hashCode());
    assertThat(sa.fingerprint(TestKeys.KEY)).isEqualTo(sb.fingerprint(TestKeys.KEY));

    assertThat(sa).isNotEqualTo(Secret.of(Map.of("x", 2, "y", List.of("p", "q"))));
    assertThat(sa).isNotEqualTo(Secret.of(Map.of("x", 1, "y", List.of("q", "p"))));
    assertThat(sa).isNotEqualTo(null);
    assertThat((Object) sa).isNotEqualTo(sa.fingerprint(TestKeys.KEY));
    assertThat(Secret.of(Map.of("n", new BigDecimal("2.50"))))
        .isEqualTo(Secret.of(Map.of("n", 2.5)));
  }

  @Test
  void fingerprintAndCanonicalJson() {
    Secret s = Secret.of(Map.of("b", 2, "a", "é"));
    assertThat(s.canonicalJson()).isEqualTo("{\"a\":\"é\",\"b\":2}");
    assertThat(s.fingerprint(TestKeys.KEY)).isEqualTo(TestKeys.KEY.of(s.data()));
    assertThat(s.fingerprint(TestKeys.KEY)).isEqualTo(TestKeys.KEY.ofCanonical(s.canonicalJson()));
    assertThat(s.canonicalSizeBytes()).isEqualTo(s.canonicalJson().length() + 1);
  }

  @Test
  void canonicalSizeIsTheUtf8LengthOfTheCanonicalJson() {
    for (String v :
        List.of(
            "plain",
            "é and ü",
            "\u20ac euro, \uFF61 half-width",
            "\uD83D\uDE00 emoji",
            "lone \uD83D high",
            "lone \uDE00 low",
            "quote \" back\\slash \n",
            "\u0000\u001f")) {
      Secret s = Secret.of(Map.of("v", v, "k\u00e9", List.of(v)));
      assertThat(s.canonicalSizeBytes())
          .as(v)
          .isEqualTo(s.canonicalJson().getBytes(StandardCharsets.UTF_8).length);
      assertThat(Secret.utf8Length(v)).as(v).isEqualTo(v.getBytes(StandardCharsets.UTF_8).length);
    }
  }

  @Test
  void canonicalJsonIsComputedOnceAndStable() {
    Secret s = Secret.of(Map.of("b", List.of(1, "x"), "a", Map.of("z", true, "y", "\t")));
    assertThat(s.canonicalJson()).isSameAs(s.canonicalJson());
    assertThat(s.canonicalJson()).isEqualTo("{\"a\":{\"y\":\"\\t\",\"z\":true},\"b\":[1,\"x\"]}");
    assertThat(s.fingerprint(TestKeys.KEY)).isEqualTo(TestKeys.KEY.of(s.data()));
  }

  @Test
  void nullValuesAreKept() {
    Map<String, Object> m = new HashMap<>();
    m.put("a", null);
    Secret s = Secret.of(m);
    assertThat(s.data()).containsEntry("a", null);
    assertThat(s.canonicalJson()).isEqualTo("{\"a\":null}");
    assertThat(s).isNotEqualTo(Secret.of(Map.of()));
  }

  @Test
  void rejectsNullDataAndNullKeys() {
    assertThatThrownBy(() -> Secret.of(null)).isInstanceOf(NullPointerException.class);
    Map<String, Object> m = new HashMap<>();
    m.put(null, "x");
    assertThatThrownBy(() -> Secret.of(m))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JSON object keys must not be null");
  }

  @Test
  void emptySecret() {
    Secret s = Secret.of(Map.of());
    assertThat(s.data()).isEmpty();
    assertThat(s.canonicalJson()).isEqualTo("{}");
    assertThat(s.toString()).isEqualTo("Secret[fields=0]");
  }
}
