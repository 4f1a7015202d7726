package dev.secretsync.template;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed template in the Go text/template subset External Secrets Operator documents: {@code {{
 * .field }}}, {@code {{ .a.b }}}, variables, pipelines through the functions in {@link Functions},
 * {@code if}/{@code else if}/{@code else}, {@code range}, {@code with}, comments and the {@code
 * {{-}}/{@code -}}} trim markers. Parse once (checked then: syntax, unknown functions, undefined
 * variables, argument counts) and render many times; immutable and thread-safe.
 *
 * <p>Deliberate differences from Go, all in the direction of failing instead of writing a wrong
 * file: a missing map key is an error (Go's {@code missingkey=error}, which ESO uses), printing a
 * null is an error (Go prints {@code <no value>}), and {@code b64dec}/{@code fromJson} fail on bad
 * input instead of returning an error text or an empty map. Error messages never contain values.
 */
public final class Template {
  private final String source;
  private final List<Node> nodes;

  private Template(String source, List<Node> nodes) {
    this.source = source;
    this.nodes = nodes;
  }

  /** Parses {@code source}; the exception's message starts with {@code line:column}. */
  public static Template parse(String source) throws TemplateException {
    Objects.requireNonNull(source, "source");
    return new Template(source, Parser.parse(source));
  }

  /**
   * Renders with {@code data} (JSON-shaped: maps, lists, strings, numbers, booleans, null) as both
   * {@code .} and {@code $}.
   */
  public String render(Map<String, ?> data) throws TemplateException {
    return new Renderer(source, data).run(nodes, data);
  }

  /** The template text as given. This is configuration, not secret material. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "Template[" + source.length() + " chars]";
  }
}
