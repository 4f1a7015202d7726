package dev.secretsync.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parse errors at load time and render errors at run time: line:column, no values. */
class TemplateErrorTest {

  static Stream<Arguments> parseErrors() {
    return Stream.of(
        Arguments.of("{{ .a | upprr }}", "1:9: unknown function \"upprr\""),
        Arguments.of("line1\nline2\n  {{ .a", "3:3: unclosed action"),
        Arguments.of("{{ if .a }}x", "1:4: unclosed {{if}}: missing {{end}}"),
        Arguments.of("{{ range .a }}x{{ else }}y", "1:4: unclosed {{range}}: missing {{end}}"),
        Arguments.of("x{{ end }}", "1:5: unexpected {{end}}"),
        Arguments.of("{{ else }}", "1:4: unexpected {{else}}"),
        Arguments.of("{{ $x }}", "1:4: undefined variable \"$x\""),
        Arguments.of(
            "{{ if .a }}{{ $v := 1 }}{{ end }}{{ $v }}", "1:37: undefined variable \"$v\""),
        Arguments.of("{{ .a .b }}", "1:4: can't give argument to non-function"),
        Arguments.of("{{ .a | .b }}", "1:9: can't give argument to non-function"),
        Arguments.of("{{ upper }}", "1:4: wrong number of args for upper: want 1 got 0"),
        Arguments.of("{{ .a | indent }}", "1:9: wrong number of args for indent: want 2 got 1"),
        Arguments.of("{{ }}", "1:4: missing value for command"),
        Arguments.of("{{ \"abc }}", "1:4: unterminated quoted string"),
        Arguments.of("{{ template \"x\" }}", "1:4: {{template}} is not supported"),
        Arguments.of("{{/* never closed }}", "1:1: unclosed comment"),
        Arguments.of("{{ .a ; }}", "1:7: unexpected character ';' in action"),
        Arguments.of("{{ 12ab }}", "1:4: bad number syntax: 12ab"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parseErrors")
  void parseErrorsNameLineAndColumn(String template, String message) {
    TemplateException e =
        catchThrowableOfType(() -> Template.parse(template), TemplateException.class);

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).isEqualTo(message);
  }

  static Stream<Arguments> renderErrors() {
    return Stream.of(
        Arguments.of(
            "a\n {{ .missing }}", "2:5: map has no entry for key \"missing\" (at .missing)"),
        Arguments.of("{{ .db.nope }}", "1:4: map has no entry for key \"nope\" (at .db.nope)"),
        Arguments.of("{{ .password.x }}", "1:4: can't evaluate field x in type string"),
        Arguments.of("{{ .none.x }}", "1:4: nil pointer evaluating .none.x"),
        Arguments.of("{{ .none }}", "1:4: the value is null; use default to supply one"),
        Arguments.of(
            "{{ \"YWJj\" | b64dec }}{{ .password | b64dec }}",
            "1:37: b64dec: the value is not valid base64"),
        Arguments.of("{{ .password | fromJson }}", "1:16: fromJson: invalid JSON at offset 0"),
        Arguments.of("{{ .db | upper }}", "1:10: upper: expected a string, got map"),
        Arguments.of("{{ range .password }}{{ end }}", "1:10: range can't iterate over a string"),
        Arguments.of(
            "{{ .missing | default \"x\" }}",
            "1:4: map has no entry for key \"missing\" (at .missing)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderErrors")
  void renderErrorsNameLineAndColumnAndNoValue(String template, String message) throws Exception {
    Template t = Template.parse(template);

    TemplateException e = catchThrowableOfType(() -> t.render(data()), TemplateException.class);

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).isEqualTo(message).doesNotContain("hunter2");
  }

  @Test
  void aTemplateRendersManyTimesWithDifferentData() throws Exception {
    Template t = Template.parse("{{ .password | b64enc }}");

    assertThat(t.render(Map.of("password", "a"))).isEqualTo("YQ==");
    assertThat(t.render(Map.of("password", "b"))).isEqualTo("Yg==");
    assertThat(t.toString()).doesNotContain("password");
  }

  private static Map<String, Object> data() {
    Map<String, Object> none = new HashMap<>();
    none.put("none", null);
    none.put("password", "hunter2");
    none.put("db", Map.of("host", "h"));
    return none;
  }
}
