package dev.secretsync.config;

import dev.secretsync.template.Template;
import dev.secretsync.template.TemplateException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Discovery placeholders in a {@code dynamic_targets.*.template} string: {@code {{account_id}}},
 * {@code {{account_name}}}, {@code {{account_email}}}, {@code {{ou_id}}}, {@code {{ou_path}}} and
 * {@code {{tags.<key>}}}, optionally piped through the template functions ({@code {{ tags.env |
 * default "dev" }}}). The bare names the examples use are rewritten to the Go-template
 * fields the {@code template} package renders ({@code .account_id}); anything else that names a
 * value is an unknown placeholder, reported at load time.
 */
final class Placeholders {
  /** The placeholders every account has. */
  static final List<String> NAMES =
      List.of("account_id", "account_name", "account_email", "ou_id", "ou_path");

  private static final Set<String> WORDS =
      Set.of(
          "if", "else", "end", "with", "range", "nil", "true", "false", "default", "upper", "lower",
          "trim", "quote", "eq", "ne", "not", "and", "or", "len", "index", "b64enc", "toJson",
          "indent", "nindent");

  /**
   * A parsed template string.
   *
   * @param template the Go-template form
   * @param references the placeholders it uses ({@code account_id}, {@code tags.env}), in order
   */
  record Parsed(Template template, Set<String> references) {}

  /** Thrown for an unknown placeholder or a template syntax error; the message says which. */
  static final class PlaceholderException extends Exception {
    private static final long serialVersionUID = 1L;

    PlaceholderException(String message) {
      super(message, null, false, false);
    }
  }

  private Placeholders() {}

  /** Whether {@code text} holds a placeholder at all. */
  static boolean hasAny(String text) {
    return text.contains("{{");
  }

  static Parsed parse(String text) throws PlaceholderException {
    Set<String> refs = new LinkedHashSet<>();
    StringBuilder go = new StringBuilder(text.length() + 8);
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf("{{", i);
      if (open < 0) {
        go.append(text, i, text.length());
        break;
      }
      int close = text.indexOf("}}", open + 2);
      if (close < 0) {
        throw new PlaceholderException("unclosed {{ (placeholders look like {{account_id}})");
      }
      go.append(text, i, open).append("{{");
      go.append(action(text.substring(open + 2, close), refs)).append("}}");
      i = close + 2;
    }
    try {
      return new Parsed(Template.parse(go.toString()), refs);
    } catch (TemplateException e) {
      throw new PlaceholderException(e.detail());
    }
  }

  /** Rewrites one action's bare placeholder names to fields, collecting references. */
  private static String action(String body, Set<String> refs) throws PlaceholderException {
    StringBuilder out = new StringBuilder(body.length() + 4);
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == '"' || c == '`') {
        int end = stringEnd(body, i);
        out.append(body, i, end);
        i = end;
      } else if (Character.isLetter(c) || c == '_' || c == '.') {
        int start = i;
        boolean field = c == '.';
        boolean variable = start > 0 && body.charAt(start - 1) == '$';
        i++;
        while (i < body.length()
            && (Character.isLetterOrDigit(body.charAt(i)) || "_.-".indexOf(body.charAt(i)) >= 0)) {
          i++;
        }
        String word = body.substring(field ? start + 1 : start, i);
        if (variable || word.isEmpty()) {
          out.append(body, start, i);
          continue;
        }
        String ref = reference(word, field);
        if (ref == null) {
          out.append(word);
        } else {
          refs.add(ref);
          // Tag keys may contain '-', which Go fields cannot: read them with index.
          out.append(
              ref.startsWith("tags.")
                  ? "(index .tags \"" + ref.substring(5).replace("\"", "\\\"") + "\")"
                  : "." + ref);
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** The placeholder {@code word} names, null for a function or keyword. */
  private static String reference(String word, boolean field) throws PlaceholderException {
    if (!field && WORDS.contains(word)) {
      return null;
    }
    if (NAMES.contains(word)) {
      return word;
    }
    if (word.startsWith("tags.") && word.length() > 5) {
      return word;
    }
    throw new PlaceholderException(
        "unknown placeholder \""
            + word
            + "\" (known: "
            + String.join(", ", NAMES)
            + ", tags.<key>)");
  }

  private static int stringEnd(String s, int start) {
    char q = s.charAt(start);
    int i = start + 1;
    while (i < s.length() && s.charAt(i) != q) {
      i += q == '"' && s.charAt(i) == '\\' ? 2 : 1;
    }
    return Math.min(s.length(), i + 1);
  }
}
