package dev.secretsync.provider.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tree walk gives exactly what Jackson's {@code convertValue} gave, types included. */
class VaultJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void sameValuesAndTypesAsConvertValue() throws Exception {
    String body =
        """
        {"s": "välue ✓", "i": 7, "neg": -2147483649, "big": 123456789012345678901234567890,
         "d": 1.5, "whole": 2.0, "exp": 1e300, "t": true, "f": false, "n": null,
         "list": [1, "two", [3.25, null], {"k": [false]}],
         "nested": {"z": 1, "a": {"deep": ""}}, "empty": {}, "none": []}
        """;
    JsonNode node = JSON.readTree(body);
    Map<String, Object> expected = JSON.convertValue(node, new TypeReference<>() {});

    Map<String, Object> walked = VaultJson.object(node);

    assertThat(walked).isEqualTo(expected);
    assertThat(List.copyOf(walked.keySet())).isEqualTo(List.copyOf(expected.keySet()));
    assertThat(walked.get("i")).isInstanceOf(Integer.class);
    assertThat(walked.get("neg")).isInstanceOf(Long.class);
    assertThat(walked.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(walked.get("whole")).isEqualTo(2.0);
    for (String key : expected.keySet()) {
      Object e = expected.get(key);
      assertThat(walked.get(key) == null ? null : walked.get(key).getClass())
          .as(key)
          .isEqualTo(e == null ? null : e.getClass());
    }
  }
}
