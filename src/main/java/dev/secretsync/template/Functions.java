package dev.secretsync.template;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The function table: the Sprig functions External Secrets Operator documents most, plus Go's
 * built-in {@code eq}, {@code ne}, {@code not}, {@code and}, {@code or}, {@code len} and {@code
 * index}. Like Go, a piped value is the <em>last</em> argument ({@code .x | indent 4} is {@code
 * indent 4 .x}). Errors never contain the values involved.
 */
final class Functions {
  private Functions() {}

  /** What a function does with its evaluated arguments. */
  @FunctionalInterface
  interface Fn {
    Object apply(List<Object> args) throws EvalException;
  }

  /** A function's name, argument count range ({@code max < 0}: unbounded) and body. */
  private record Def(int min, int max, Fn fn) {}

  private static final Map<String, Def> TABLE =
      Map.ofEntries(
          Map.entry("b64enc", new Def(1, 1, a -> b64enc(str("b64enc", a.get(0))))),
          Map.entry("b64dec", new Def(1, 1, a -> b64dec(str("b64dec", a.get(0))))),
          Map.entry("toJson", new Def(1, 1, a -> GoJson.write(a.get(0)))),
          Map.entry("fromJson", new Def(1, 1, a -> GoJson.read(str("fromJson", a.get(0))))),
          Map.entry("toYaml", new Def(1, 1, a -> GoYaml.write(a.get(0)))),
          Map.entry("upper", new Def(1, 1, a -> str("upper", a.get(0)).toUpperCase(Locale.ROOT))),
          Map.entry("lower", new Def(1, 1, a -> str("lower", a.get(0)).toLowerCase(Locale.ROOT))),
          Map.entry("trim", new Def(1, 1, a -> GoValues.trimSpace(str("trim", a.get(0))))),
          Map.entry("quote", new Def(0, -1, Functions::quote)),
          Map.entry(
              "default", new Def(2, 2, a -> GoValues.isEmpty(a.get(1)) ? a.get(0) : a.get(1))),
          Map.entry("indent", new Def(2, 2, a -> indent(a.get(0), str("indent", a.get(1))))),
          Map.entry(
              "nindent", new Def(2, 2, a -> "\n" + indent(a.get(0), str("nindent", a.get(1))))),
          Map.entry("eq", new Def(2, -1, Functions::eq)),
          Map.entry("ne", new Def(2, 2, a -> !(Boolean) eq(a))),
          Map.entry("not", new Def(1, 1, a -> !GoValues.truth(a.get(0)))),
          Map.entry("and", new Def(1, -1, Functions::and)),
          Map.entry("or", new Def(1, -1, Functions::or)),
          Map.entry("len", new Def(1, 1, a -> len(a.get(0)))),
          Map.entry("index", new Def(1, -1, Functions::index)));

  static boolean exists(String name) {
    return TABLE.containsKey(name);
  }

  /** Null when {@code given} arguments suit {@code name}, else Go's message. */
  static String checkArity(String name, int given) {
    Def d = TABLE.get(name);
    if (given < d.min || (d.max >= 0 && given > d.max)) {
      String want =
          d.max == d.min ? "" + d.min : d.max < 0 ? "at least " + d.min : d.min + "-" + d.max;
      return "wrong number of args for " + name + ": want " + want + " got " + given;
    }
    return null;
  }

  static Object call(String name, List<Object> args) throws EvalException {
    return TABLE.get(name).fn.apply(args);
  }

  /**
   * The string argument of a string function. Numbers and booleans are printed (Go would reject
   * them, but Vault values are JSON and a port is as likely a number as a string); maps, lists and
   * null are errors.
   */
  private static String str(String fn, Object v) throws EvalException {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Number || v instanceof Boolean) {
      return GoValues.print(v);
    }
    throw new EvalException(fn + ": expected a string, got " + GoValues.typeName(v));
  }

  private static String b64enc(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String b64dec(String s) throws EvalException {
    // Go's StdEncoding requires padding; Java's decoder would accept unpadded input.
    if (s.length() % 4 != 0) {
      throw new EvalException("b64dec: the value is not valid base64");
    }
    try {
      return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // Sprig returns the error text as the value; a file holding an error message is worse.
      throw new EvalException("b64dec: the value is not valid base64");
    }
  }

  private static Object quote(List<Object> args) {
    return args.stream()
        .filter(Objects::nonNull)
        .map(v -> GoValues.goQuote(v instanceof String s ? s : GoValues.print(v)))
        .collect(Collectors.joining(" "));
  }

  private static String indent(Object n, String s) throws EvalException {
    if (!(n instanceof Number num) || num.intValue() < 0) {
      throw new EvalException("indent: the width must be a non-negative number");
    }
    String pad = " ".repeat(num.intValue());
    return pad + s.replace("\n", "\n" + pad);
  }

  private static Object eq(List<Object> a) throws EvalException {
    Object first = a.get(0);
    for (Object other : a.subList(1, a.size())) {
      if (GoValues.equal(first, other)) {
        return true;
      }
    }
    return false;
  }

  private static Object and(List<Object> a) {
    for (Object v : a) {
      if (!GoValues.truth(v)) {
        return v;
      }
    }
    return a.get(a.size() - 1);
  }

  private static Object or(List<Object> a) {
    for (Object v : a) {
      if (GoValues.truth(v)) {
        return v;
      }
    }
    return a.get(a.size() - 1);
  }

  private static Object len(Object v) throws EvalException {
    if (v instanceof String s) {
      return (long) s.getBytes(StandardCharsets.UTF_8).length;
    }
    if (v instanceof Map<?, ?> m) {
      return (long) m.size();
    }
    if (v instanceof List<?> l) {
      return (long) l.size();
    }
    throw new EvalException("len of " + GoValues.typeName(v));
  }

  private static Object index(List<Object> a) throws EvalException {
    Object v = a.get(0);
    for (Object k : a.subList(1, a.size())) {
      if (v instanceof Map<?, ?> m && k instanceof String key) {
        if (!m.containsKey(key)) {
          throw new EvalException("map has no entry for key \"" + key + "\"");
        }
        v = m.get(key);
      } else if (v instanceof List<?> l && k instanceof Number n) {
        if (n.longValue() < 0 || n.longValue() >= l.size()) {
          throw new EvalException("index out of range: " + n.longValue());
        }
        v = l.get(n.intValue());
      } else {
        throw new EvalException("can't index item of type " + GoValues.typeName(v));
      }
    }
    return v;
  }
}
