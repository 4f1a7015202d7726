package dev.secretsync.config;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Binds and checks {@code policies:}: every regex compiles, counts and windows make sense, and a
 * rule naming a target that does not exist is an error (a typo would silently protect nothing).
 */
final class PolicyBinder {
  /** What {@code forbid_plaintext_patterns: true} looks for. */
  static final List<String> DEFAULT_PLAINTEXT_PATTERNS =
      List.of(
          "AKIA[0-9A-Z]{16}", // AWS access key id
          "(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])", // AWS secret access key
          "-----BEGIN [A-Z ]*PRIVATE KEY-----",
          "gh[pousr]_[A-Za-z0-9]{36,}"); // GitHub tokens

  private final YamlContext ctx;

  PolicyBinder(YamlContext ctx) {
    this.ctx = ctx;
  }

  List<PolicyConfig> bind(YamlObject top, Set<String> targetNames) {
    Node list = top.raw("policies");
    List<PolicyConfig> out = new ArrayList<>();
    if (list == null || YamlObject.isNull(list)) {
      return out;
    }
    if (!(list instanceof SequenceNode seq)) {
      top.problem("policies", "expected a list of rules, found " + YamlObject.describe(list));
      return out;
    }
    Set<String> names = new java.util.HashSet<>();
    int i = 0;
    for (Node item : seq.getValue()) {
      String path = "policies[" + i++ + "]";
      ctx.remember(path, item);
      YamlObject o = YamlObject.of(item, path, ctx);
      PolicyConfig p = rule(o, path, targetNames);
      if (p != null) {
        if (!names.add(p.name())) {
          o.problem("name", "\"" + p.name() + "\" names two rules; give each a unique name");
        }
        out.add(p);
      }
    }
    return out;
  }

  private PolicyConfig rule(YamlObject o, String path, Set<String> targetNames) {
    String name = o.string("name", "");
    if (name.isEmpty()) {
      o.problem("name", "missing: every rule needs a name (it is reported with its violations)");
    }
    String severity = o.choice("severity", "deny", Set.of("deny", "warn"));
    List<String> kinds = PolicyConfig.KINDS.stream().filter(o::has).toList();
    // Rule keys are never "unknown": two of them is reported below as what it is.
    o.allow(PolicyConfig.KINDS.toArray(String[]::new));
    if (kinds.size() != 1) {
      o.problem(
          null,
          (kinds.isEmpty() ? "no rule" : "two rules (" + String.join(", ", kinds) + ")")
              + ": give exactly one of "
              + String.join(", ", PolicyConfig.KINDS));
      o.finish();
      return null;
    }
    String kind = kinds.get(0);
    Node body = o.raw(kind);
    List<String> targets = new ArrayList<>();
    List<String> values = new ArrayList<>();
    List<Pattern> patterns = new ArrayList<>();
    int count = 0;
    Instant from = null;
    Instant to = null;
    String at = o.child(kind);
    // Short forms: require_tags: [a, b], allowed_accounts: [..], forbid_plaintext_patterns:
    // true|[..]
    YamlObject m = body instanceof MappingNode ? YamlObject.of(body, at, ctx) : null;
    List<String> shortList =
        body instanceof SequenceNode ? YamlObject.stringList(body, at, ctx) : null;
    if (m != null) {
      targets.addAll(m.strings("targets"));
    }
    switch (kind) {
      case "forbid_delete" -> {}
      case "max_changes" -> {
        count = m == null ? -1 : m.integer("count", -1);
        if (count < 0) {
          ctx.problem(body, at + ".count", "missing or negative: the most changes a plan may have");
        }
      }
      case "require_tags", "allowed_accounts" -> {
        String key = kind.equals("require_tags") ? "keys" : "accounts";
        values.addAll(shortList != null ? shortList : m == null ? List.of() : m.strings(key));
        if (values.isEmpty()) {
          ctx.problem(
              body, at, "expected a list of " + key + " (or {" + key + ": [...], targets: [...]})");
        }
        if (kind.equals("allowed_accounts")) {
          values.stream()
              .filter(a -> !a.matches("\\d{12}"))
              .forEach(
                  a -> ctx.problem(body, at, "\"" + a + "\" is not a 12-digit AWS account id"));
        }
      }
      case "name_pattern" -> {
        String regex = m == null ? "" : m.string("regex", "");
        if (regex.isEmpty()) {
          ctx.problem(body, at + ".regex", "missing: the regex every target-side name must match");
        } else {
          compile(regex, body, at + ".regex", patterns);
        }
      }
      case "forbid_plaintext_patterns" -> {
        List<String> regexes =
            shortList != null
                ? shortList
                : m != null && m.has("patterns")
                    ? m.strings("patterns")
                    : DEFAULT_PLAINTEXT_PATTERNS;
        for (String r : regexes) {
          compile(r, body, at, patterns);
        }
      }
      case "freeze" -> {
        from = instant(m, "from", body, at);
        to = instant(m, "to", body, at);
        if (from != null && to != null && !to.isAfter(from)) {
          ctx.problem(body, at + ".to", "must be after from");
        }
      }
      default -> throw new IllegalStateException(kind);
    }
    if (m != null) {
      m.finish();
    }
    for (String t : targets) {
      if (!t.contains("*") && !targetNames.contains(t)) {
        ctx.problem(
            body,
            at + ".targets",
            "unknown target \"" + t + "\" (targets: " + String.join(", ", targetNames) + ")");
      }
    }
    o.finish();
    return new PolicyConfig(name, severity, kind, targets, count, values, patterns, from, to, path);
  }

  private void compile(String regex, Node node, String at, List<Pattern> into) {
    try {
      into.add(Pattern.compile(regex));
    } catch (PatternSyntaxException e) {
      ctx.problem(node, at, "invalid regex \"" + regex + "\": " + e.getDescription());
    }
  }

  private Instant instant(YamlObject m, String key, Node body, String at) {
    String text = m == null ? "" : m.string(key, "");
    if (text.isEmpty()) {
      ctx.problem(body, at + "." + key, "missing: an ISO-8601 time such as 2026-12-20T00:00:00Z");
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      ctx.problem(
          body,
          at + "." + key,
          "\"" + text + "\" is not an ISO-8601 time such as 2026-12-20T00:00:00Z");
      return null;
    }
  }
}
