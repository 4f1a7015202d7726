package dev.secretsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.testkit.TestKeys;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CanonicalJsonTest {
  private static final ObjectMapper JACKSON = new ObjectMapper();
  private static final ObjectMapper JACKSON_BIG =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  // ---------------------------------------------------------------- structure

  @Test
  void sortsKeysAndWritesNoWhitespace() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", 1);
    m.put("a", List.of(1, "two words", true, false));
    m.put("A", Map.of());
    m.put("", List.of());
    m.put("aa", null);
    assertThat(CanonicalJson.write(m))
        .isEqualTo("{\"\":[],\"A\":{},\"a\":[1,\"two words\",true,false],\"aa\":null,\"b\":1}");
  }

  @Test
  void sortsNestedKeys() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", 1);
    inner.put("y", Map.of("d", 1, "c", 2));
    Map<String, Object> outer = new LinkedHashMap<>();
    outer.put("k", List.of(inner, inner));
    assertThat(CanonicalJson.write(outer))
        .isEqualTo("{\"k\":[{\"y\":{\"c\":2,\"d\":1},\"z\":1},{\"y\":{\"c\":2,\"d\":1},\"z\":1}]}");
  }

  @Test
  void sameOutputForAnyMapImplementationOrInsertionOrder() {
    Map<String, Object> linked = new LinkedHashMap<>();
    linked.put("c", 3);
    linked.put("a", 1);
    linked.put("b", 2);
    Map<String, Object> hash = new HashMap<>(linked);
    Map<String, Object> tree = new TreeMap<>(linked);
    Map<String, Object> reversed = new LinkedHashMap<>();
    reversed.put("b", 2);
    reversed.put("a", 1);
    reversed.put("c", 3);
    String expected = "{\"a\":1,\"b\":2,\"c\":3}";
    assertThat(CanonicalJson.write(linked)).isEqualTo(expected);
    assertThat(CanonicalJson.write(hash)).isEqualTo(expected);
    assertThat(CanonicalJson.write(tree)).isEqualTo(expected);
    assertThat(CanonicalJson.write(reversed)).isEqualTo(expected);
    assertThat(CanonicalJson.write(Map.of("c", 3, "b", 2, "a", 1))).isEqualTo(expected);
  }

  @Test
  void keysSortByUtf16CodeUnits() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("\uFF61", 1); // halfwidth ideographic full stop, code unit 0xFF61
    m.put("\uD83D\uDE00", 2); // emoji, high surrogate 0xD83D sorts before 0xFF61
    m.put("é", 3);
    m.put("z", 4);
    m.put("Z", 5);
    assertThat(CanonicalJson.write(m))
        .isEqualTo("{\"Z\":5,\"z\":4,\"é\":3,\"\uD83D\uDE00\":2,\"\uFF61\":1}");
  }

  @Test
  void listsKeepOrder() {
    assertThat(CanonicalJson.write(List.of(3, 1, 2, 1))).isEqualTo("[3,1,2,1]");
    assertThat(CanonicalJson.write(Arrays.asList(null, "a", null))).isEqualTo("[null,\"a\",null]");
  }

  @Test
  void scalars() {
    assertThat(CanonicalJson.write(null)).isEqualTo("null");
    assertThat(CanonicalJson.write(true)).isEqualTo("true");
    assertThat(CanonicalJson.write(false)).isEqualTo("false");
    assertThat(CanonicalJson.write("")).isEqualTo("\"\"");
    assertThat(CanonicalJson.write('c')).isEqualTo("\"c\"");
    assertThat(CanonicalJson.write(Map.of())).isEqualTo("{}");
    assertThat(CanonicalJson.write(List.of())).isEqualTo("[]");
  }

  // ---------------------------------------------------------------- strings

  static Stream<Arguments> escapes() {
    return Stream.of(
        Arguments.of("plain", "\"plain\""),
        Arguments.of("say \"hi\"", "\"say \\\"hi\\\"\""),
        Arguments.of("back\\slash", "\"back\\\\slash\""),
        Arguments.of("a\nb", "\"a\\nb\""),
        Arguments.of("a\rb", "\"a\\rb\""),
        Arguments.of("a\tb", "\"a\\tb\""),
        Arguments.of("a\bb", "\"a\\bb\""),
        Arguments.of("a\fb", "\"a\\fb\""),
        Arguments.of("\u0000", "\"\\u0000\""),
        Arguments.of("\u0001", "\"\\u0001\""),
        Arguments.of("\u000b", "\"\\u000b\""),
        Arguments.of("\u001f", "\"\\u001f\""),
        Arguments.of(" ", "\" \""),
        Arguments.of("\u007f", "\"\u007f\""),
        Arguments.of("a/b", "\"a/b\""),
        Arguments.of("é ü ß 日本", "\"é ü ß 日本\""),
        Arguments.of("\uD83D\uDE00", "\"\uD83D\uDE00\""),
        Arguments.of("\u2028\u2029", "\"\u2028\u2029\""),
        Arguments.of("<script>&'", "\"<script>&'\""));
  }

  @ParameterizedTest
  @MethodSource("escapes")
  void escapesStrings(String in, String expected) throws Exception {
    assertThat(CanonicalJson.write(in)).isEqualTo(expected);
    assertThat(JACKSON.readValue(expected, String.class)).isEqualTo(in);
  }

  @Test
  void escapesKeysToo() {
    assertThat(CanonicalJson.write(Map.of("a\"b\n", 1))).isEqualTo("{\"a\\\"b\\n\":1}");
  }

  @Test
  void everyControlCharacterIsEscapedAndRoundTrips() throws Exception {
    for (char c = 0; c < 0x20; c++) {
      String s = "x" + c + "y";
      String json = CanonicalJson.write(s);
      assertThat(json.chars().noneMatch(ch -> ch < 0x20)).as("char %d", (int) c).isTrue();
      assertThat(JACKSON.readValue(json, String.class)).isEqualTo(s);
    }
  }

  // ---------------------------------------------------------------- numbers

  static Stream<Arguments> numbers() {
    return Stream.of(
        Arguments.of(1, "1"),
        Arguments.of(1L, "1"),
        Arguments.of((short) 1, "1"),
        Arguments.of((byte) 1, "1"),
        Arguments.of(1.0, "1"),
        Arguments.of(1e0, "1"),
        Arguments.of(1.0f, "1"),
        Arguments.of(new BigDecimal("1.00"), "1"),
        Arguments.of(new BigDecimal("1E0"), "1"),
        Arguments.of(new BigDecimal("0.1E1"), "1"),
        Arguments.of(BigInteger.ONE, "1"),
        Arguments.of(-1, "-1"),
        Arguments.of(-1.0, "-1"),
        Arguments.of(0, "0"),
        Arguments.of(0.0, "0"),
        Arguments.of(-0.0, "0"),
        Arguments.of(-0.0f, "0"),
        Arguments.of(new BigDecimal("-0.00"), "0"),
        Arguments.of(new BigDecimal("0E+10"), "0"),
        Arguments.of(10, "10"),
        Arguments.of(100.0, "100"),
        Arguments.of(new BigDecimal("1E+2"), "100"),
        Arguments.of(new BigDecimal("100.000"), "100"),
        Arguments.of(1.5, "1.5"),
        Arguments.of(new BigDecimal("1.50"), "1.5"),
        Arguments.of(0.1, "0.1"),
        Arguments.of(0.1 + 0.2, "0.30000000000000004"),
        Arguments.of(-2.5e-3, "-0.0025"),
        Arguments.of(Long.MAX_VALUE, "9223372036854775807"),
        Arguments.of(Long.MIN_VALUE, "-9223372036854775808"),
        Arguments.of(Integer.MIN_VALUE, "-2147483648"),
        Arguments.of(new BigInteger("12345678901234567890"), "12345678901234567890"),
        Arguments.of(1e20, "100000000000000000000"),
        Arguments.of(1e21, "1E21"),
        Arguments.of(1.5e21, "1.5E21"),
        Arguments.of(1e300, "1E300"),
        Arguments.of(-1.5e300, "-1.5E300"),
        Arguments.of(Double.MAX_VALUE, "1.7976931348623157E308"),
        Arguments.of(new BigDecimal("1E400"), "1E400"),
        Arguments.of(new BigDecimal("12.5E400"), "1.25E401"),
        Arguments.of(1e-6, "0.000001"),
        Arguments.of(1.25e-6, "0.00000125"),
        Arguments.of(1e-7, "1E-7"),
        Arguments.of(1.5e-10, "1.5E-10"),
        Arguments.of(new BigDecimal("-1.50E-10"), "-1.5E-10"),
        Arguments.of(Double.MIN_VALUE, "4.9E-324"),
        Arguments.of(new BigDecimal("1E-400"), "1E-400"),
        Arguments.of(new BigDecimal("0.1000000000000000000001"), "0.1000000000000000000001"));
  }

  @ParameterizedTest
  @MethodSource("numbers")
  void normalisesNumbers(Number n, String expected) throws Exception {
    assertThat(CanonicalJson.write(n)).isEqualTo(expected);
    assertThat(CanonicalJson.write(List.of(n))).isEqualTo("[" + expected + "]");
    // The output is valid JSON and means the same number.
    BigDecimal parsed = JACKSON_BIG.readValue(expected, BigDecimal.class);
    assertThat(CanonicalJson.write(parsed)).isEqualTo(expected);
  }

  @Test
  void integralValuesPrintTheSameWhateverTheirType() {
    Object[] ones = {1, 1L, 1.0, 1e0, 1.0f, new BigDecimal("1.00"), BigInteger.ONE};
    for (Object one : ones) {
      assertThat(CanonicalJson.write(Map.of("n", one))).isEqualTo("{\"n\":1}");
    }
    assertThat(TestKeys.KEY.of(Map.of("n", 1))).isEqualTo(TestKeys.KEY.of(Map.of("n", 1.0)));
    assertThat(TestKeys.KEY.of(Map.of("n", 1)))
        .isEqualTo(TestKeys.KEY.of(Map.of("n", new BigDecimal("1.00"))));
  }

  @Test
  void largeIntegersPrintTheSameAsEqualDecimals() {
    BigInteger big = BigInteger.TEN.pow(21);
    assertThat(CanonicalJson.write(big)).isEqualTo(CanonicalJson.write(1e21));
    assertThat(CanonicalJson.write(big)).isEqualTo(CanonicalJson.write(new BigDecimal(big)));
    BigInteger digits = new BigInteger("123456789012345678901234567890");
    assertThat(CanonicalJson.write(digits))
        .isEqualTo(CanonicalJson.write(new BigDecimal("123456789012345678901234567890")));
  }

  @Test
  void largeIntegersBelowTheExponentThresholdAgreeAcrossTypes() {
    BigInteger big = BigInteger.TEN.pow(20);
    assertThat(CanonicalJson.write(big)).isEqualTo(CanonicalJson.write(1e20));
    assertThat(CanonicalJson.write(big)).isEqualTo(CanonicalJson.write(new BigDecimal(big)));
  }

  static Stream<Number> nonFinite() {
    return Stream.of(
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        Float.NaN,
        Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY);
  }

  @ParameterizedTest
  @MethodSource("nonFinite")
  void rejectsNonFiniteNumbers(Number n) {
    assertThatThrownBy(() -> CanonicalJson.write(n))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JSON numbers must be finite");
    assertThatThrownBy(() -> CanonicalJson.write(Map.of("a", List.of(1, n))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JSON numbers must be finite");
    assertThatThrownBy(() -> CanonicalJson.writePretty(Map.of("a", n)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TestKeys.KEY.of(Map.of("a", n)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- rejected shapes

  @Test
  void rejectsUnsupportedTypesWithoutPrintingTheValue() {
    Object secretish =
        new Object() {
          @Override
          public String toString() {
            return "TOP-SECRET-VALUE";
          }
        };
    assertThatThrownBy(() -> CanonicalJson.write(Map.of("k", secretish)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unsupported JSON value type")
        .hasMessageNotContaining("TOP-SECRET-VALUE");
    assertThatThrownBy(() -> CanonicalJson.write(new int[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsNonStringKeys() {
    Map<Object, Object> m = new HashMap<>();
    m.put(1, "x");
    assertThatThrownBy(() -> CanonicalJson.write(m))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JSON object keys must be strings");
    Map<Object, Object> withNull = new HashMap<>();
    withNull.put(null, "x");
    assertThatThrownBy(() -> CanonicalJson.write(withNull))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- pretty

  @Test
  void writePrettyLayout() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", List.of(1, Map.of("y", "z")));
    m.put("a", 1.0);
    m.put("e", Map.of());
    m.put("l", List.of());
    assertThat(CanonicalJson.writePretty(m))
        .isEqualTo(
            "{\n"
                + "  \"a\": 1,\n"
                + "  \"b\": [\n"
                + "    1,\n"
                + "    {\n"
                + "      \"y\": \"z\"\n"
                + "    }\n"
                + "  ],\n"
                + "  \"e\": {},\n"
                + "  \"l\": []\n"
                + "}\n");
    assertThat(CanonicalJson.writePretty(Map.of())).isEqualTo("{}\n");
    assertThat(CanonicalJson.writePretty("s")).isEqualTo("\"s\"\n");
  }

  @Test
  void writePrettyReparsesToTheSameValue() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", "engineers-db.internal");
    m.put("port", 5433);
    m.put("ratio", 0.25);
    m.put("tags", List.of("a", "b\n\"c\""));
    m.put("nested", Map.of("deep", Map.of("list", List.of(List.of(), Map.of(), true))));
    m.put("none", null);
    Object parsed = JACKSON.readValue(CanonicalJson.writePretty(m), Object.class);
    assertThat(CanonicalJson.write(parsed)).isEqualTo(CanonicalJson.write(m));
  }

  @net.jqwik.api.Property(tries = 300, seed = "424242")
  void writeAndWritePrettyReparseToTheSameCanonicalForm(@ForAll("values") Object value)
      throws Exception {
    String canonical = CanonicalJson.write(value);
    Object fromCanonical = JACKSON_BIG.readValue(canonical, Object.class);
    Object fromPretty = JACKSON_BIG.readValue(CanonicalJson.writePretty(value), Object.class);
    assertThat(CanonicalJson.write(fromCanonical)).isEqualTo(canonical);
    assertThat(CanonicalJson.write(fromPretty)).isEqualTo(canonical);
    assertThat(canonical).doesNotContain("\n", ": ", ", ");
  }

  @Provide
  Arbitrary<Object> values() {
    return value(3);
  }

  private Arbitrary<Object> value(int depth) {
    Arbitrary<Object> scalar =
        Arbitraries.<Object>oneOf(
                Arbitraries.strings()
                    .withCharRange('\u0000', '\ud7ff')
                    .withCharRange('\ue000', '\uffff')
                    .ofMaxLength(6),
                Arbitraries.longs(),
                Arbitraries.doubles(),
                Arbitraries.bigDecimals().ofScale(4),
                Arbitraries.of(true, false))
            .injectNull(0.1);
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<Object> list = value(depth - 1).list().ofMaxSize(3).map(l -> (Object) l);
    Arbitrary<Object> map =
        Arbitraries.maps(
                Arbitraries.strings()
                    .withCharRange('\u0000', '\ud7ff')
                    .withCharRange('\ue000', '\uffff')
                    .ofMaxLength(3),
                value(depth - 1))
            .ofMaxSize(3)
            .map(m -> (Object) m);
    return Arbitraries.frequencyOf(Tuple.of(3, scalar), Tuple.of(1, list), Tuple.of(1, map));
  }

  @Test
  void writeDoesNotModifyItsInput() {
    List<Object> list = new ArrayList<>(List.of(3, 1, 2));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("z", list);
    m.put("a", 1);
    CanonicalJson.write(m);
    CanonicalJson.writePretty(m);
    assertThat(m.keySet()).containsExactly("z", "a");
    assertThat(list).containsExactly(3, 1, 2);
  }
}
