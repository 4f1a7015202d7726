package dev.secretsync.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What templates render, case by case. Expected outputs are what Go's text/template with Sprig
 * produces for the same template and data (per the text/template and Sprig documentation), except
 * where {@link Template} documents a deliberate difference.
 */
class TemplateRenderTest {
  private static final String DATA =
      """
      {"user": "app", "password": "s3cr3t", "port": 5432, "ratio": 0.5, "big": 1000000,
       "enabled": true, "off": false, "empty": "", "none": null,
       "db": {"host": "db.local", "opts": {"ssl": "require"}},
       "hosts": ["a", "b", "c"], "nolist": [], "nomap": {},
       "b64": "aGVsbG8=", "json": "{\\"k\\": [1, 2], \\"s\\": \\"v\\"}",
       "spaced": "  x y \\n", "multi": "line1\\nline2", "html": "<a&b>",
       "tricky": "say \\"hi\\"\\tnow"}
      """;

  static Stream<Arguments> cases() {
    return Stream.of(
        // fields and text
        Arguments.of("plain text", "plain text"),
        Arguments.of("{{ .user }}", "app"),
        Arguments.of("{{.user}}:{{.password}}", "app:s3cr3t"),
        Arguments.of("{{ .db.host }}", "db.local"),
        Arguments.of("{{ .db.opts.ssl }}", "require"),
        Arguments.of("{{ .port }}", "5432"),
        Arguments.of("{{ .ratio }}", "0.5"),
        Arguments.of("{{ .big }}", "1000000"),
        Arguments.of("{{ .enabled }}", "true"),
        Arguments.of("{{ .hosts }}", "[a b c]"),
        Arguments.of("{{ .db.opts }}", "map[ssl:require]"),
        Arguments.of("{{ \"lit\" }}{{ `raw\\n` }}{{ 42 }}{{ true }}", "litraw\\n42true"),
        Arguments.of("{{ \"a\\tb\\u00e9\" }}", "a\tbé"),
        Arguments.of("{{/* a comment */}}x", "x"),
        // trim markers
        Arguments.of("a  \n {{- .user -}} \n  b", "aappb"),
        Arguments.of("a {{- .user }} b", "aapp b"),
        Arguments.of("a {{ .user -}} b", "a appb"),
        Arguments.of("a {{- /* c */ -}} b", "ab"),
        Arguments.of("{{ 3 -}} x", "3x"),
        // pipelines and functions
        Arguments.of("{{ .password | b64enc }}", "czNjcjN0"),
        Arguments.of("{{ b64enc .password }}", "czNjcjN0"),
        Arguments.of("{{ .b64 | b64dec | upper }}", "HELLO"),
        Arguments.of("{{ .user | upper }}{{ \"ABC\" | lower }}", "APPabc"),
        Arguments.of("[{{ .spaced | trim }}]", "[x y]"),
        Arguments.of("{{ .tricky | quote }}", "\"say \\\"hi\\\"\\tnow\""),
        Arguments.of("{{ quote .user .port }}", "\"app\" \"5432\""),
        Arguments.of("{{ .empty | default \"fallback\" }}", "fallback"),
        Arguments.of("{{ .none | default \"fallback\" }}", "fallback"),
        Arguments.of("{{ .user | default \"fallback\" }}", "app"),
        Arguments.of("{{ .off | default \"yes\" }}", "yes"),
        Arguments.of("{{ .multi | indent 2 }}", "  line1\n  line2"),
        Arguments.of("k:{{ .multi | nindent 4 }}", "k:\n    line1\n    line2"),
        Arguments.of(
            "{{ .db | toJson }}", "{\"host\":\"db.local\",\"opts\":{\"ssl\":\"require\"}}"),
        Arguments.of("{{ .html | toJson }}", "\"\\u003ca\\u0026b\\u003e\""),
        Arguments.of("{{ .hosts | toJson }}", "[\"a\",\"b\",\"c\"]"),
        Arguments.of("{{ (.json | fromJson).s }}", "v"),
        Arguments.of("{{ (fromJson .json).k | toJson }}", "[1,2]"),
        Arguments.of("{{ .db | toYaml }}", "host: db.local\nopts:\n  ssl: require"),
        Arguments.of("{{ .hosts | toYaml }}", "- a\n- b\n- c"),
        Arguments.of("{{ .multi | toYaml }}", "|-\n  line1\n  line2"),
        Arguments.of("{{ .port | toYaml }}", "5432"),
        Arguments.of("{{ \"true\" | toYaml }}", "'true'"),
        Arguments.of("{{ len .hosts }} {{ len .user }}", "3 3"),
        Arguments.of("{{ index .hosts 1 }}{{ index .db \"host\" }}", "bdb.local"),
        // if / else
        Arguments.of("{{ if .enabled }}on{{ else }}off{{ end }}", "on"),
        Arguments.of("{{ if .off }}on{{ else }}off{{ end }}", "off"),
        Arguments.of(
            "{{ if .empty }}x{{ end }}|{{ if .nolist }}x{{ end }}|{{ if .nomap }}x{{ end }}", "||"),
        Arguments.of("{{ if .none }}x{{ else }}nil is false{{ end }}", "nil is false"),
        Arguments.of("{{ if eq .user \"app\" }}yes{{ end }}", "yes"),
        Arguments.of("{{ if eq .port 5432 }}yes{{ end }}", "yes"),
        Arguments.of("{{ if ne .user \"app\" }}yes{{ else }}no{{ end }}", "no"),
        Arguments.of("{{ if not .off }}yes{{ end }}", "yes"),
        Arguments.of("{{ if and .enabled .user }}both{{ end }}", "both"),
        Arguments.of("{{ or .empty .user }}", "app"),
        Arguments.of("{{ if .off }}a{{ else if .enabled }}b{{ else }}c{{ end }}", "b"),
        Arguments.of("{{ if .off }}a{{ else if .empty }}b{{ else }}c{{ end }}", "c"),
        // with
        Arguments.of("{{ with .db }}{{ .host }}{{ end }}", "db.local"),
        Arguments.of("{{ with .empty }}x{{ else }}empty{{ end }}", "empty"),
        Arguments.of("{{ with $h := .db.host }}{{ $h }}{{ end }}", "db.local"),
        Arguments.of("{{ with .db }}{{ $.user }}@{{ .host }}{{ end }}", "app@db.local"),
        // range
        Arguments.of("{{ range .hosts }}[{{ . }}]{{ end }}", "[a][b][c]"),
        Arguments.of("{{ range $i, $h := .hosts }}{{ $i }}={{ $h }};{{ end }}", "0=a;1=b;2=c;"),
        Arguments.of("{{ range $h := .hosts }}{{ $h }}{{ end }}", "abc"),
        Arguments.of("{{ range $k, $v := .db.opts }}{{ $k }}={{ $v }}{{ end }}", "ssl=require"),
        Arguments.of("{{ range .nolist }}x{{ else }}none{{ end }}", "none"),
        Arguments.of(
            "{{ range .none }}x{{ else }}nil ranges as empty{{ end }}", "nil ranges as empty"),
        Arguments.of("{{- range $k, $v := .db }}\n{{ $k }}{{ end }}", "\nhost\nopts"),
        Arguments.of("{{ range .hosts }}{{ $.user }}-{{ . }} {{ end }}", "app-a app-b app-c "),
        // variables
        Arguments.of("{{ $u := .user }}{{ $u }}{{ $u = \"x\" }}{{ $u }}", "appx"),
        Arguments.of("{{ $d := .db }}{{ $d.opts.ssl }}", "require"),
        Arguments.of("{{ (.db).host }}", "db.local"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersLikeGoTextTemplate(String template, String expected) throws Exception {
    Template t = Template.parse(template);

    String out = t.render(data());

    assertThat(out).isEqualTo(expected);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> data() throws EvalException {
    return (Map<String, Object>) GoJson.read(DATA);
  }
}
