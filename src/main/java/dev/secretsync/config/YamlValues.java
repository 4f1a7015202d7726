package dev.secretsync.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Converts YAML nodes into JSON-shaped Java values, interpolating strings. */
final class YamlValues {
  private YamlValues() {}

  /** Deeper than this is a recursive alias or an abuse; real secrets are far shallower. */
  private static final int MAX_DEPTH = 64;

  static Object toJson(Node n, String path, YamlContext ctx) {
    return toJson(n, path, ctx, 0);
  }

  private static Object toJson(Node n, String path, YamlContext ctx, int depth) {
    if (depth > MAX_DEPTH) {
      ctx.problem(n, path, "nested more than " + MAX_DEPTH + " levels deep (a recursive alias?)");
      return null;
    }
    if (n instanceof MappingNode map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (NodeTuple t : map.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)) {
          ctx.problem(t.getKeyNode(), path, "keys must be plain strings");
          continue;
        }
        String p = path + "." + k.getValue();
        if (out.containsKey(k.getValue())) {
          ctx.problem(k, p, "duplicate key \"" + k.getValue() + "\"");
          continue;
        }
        out.put(k.getValue(), toJson(t.getValueNode(), p, ctx, depth + 1));
      }
      return out;
    }
    if (n instanceof SequenceNode seq) {
      List<Object> out = new ArrayList<>();
      int i = 0;
      for (Node item : seq.getValue()) {
        out.add(toJson(item, path + "[" + i++ + "]", ctx, depth + 1));
      }
      return out;
    }
    ScalarNode s = (ScalarNode) n;
    Tag tag = s.getTag();
    String v = s.getValue();
    try {
      if (tag.equals(Tag.NULL)) {
        return null;
      }
      if (tag.equals(Tag.BOOL)) {
        return Boolean.parseBoolean(v.toLowerCase(java.util.Locale.ROOT))
            || v.equalsIgnoreCase("yes")
            || v.equalsIgnoreCase("on");
      }
      if (tag.equals(Tag.INT)) {
        BigInteger bi = yamlInteger(v.replace("_", ""));
        return bi.bitLength() < 64 ? (Object) bi.longValue() : bi;
      }
      if (tag.equals(Tag.FLOAT)) {
        return Double.parseDouble(v.replace("_", ""));
      }
    } catch (NumberFormatException e) {
      // Octal/hex/sexagesimal YAML 1.1 forms: keep the text as written rather than guess.
      return v;
    }
    return YamlObject.scalarString(n, path, ctx);
  }

  /** YAML 1.1 integers: {@code 0755} is octal, {@code 0x1F} hex, {@code 0b101} binary. */
  private static BigInteger yamlInteger(String v) {
    String sign = v.startsWith("-") ? "-" : "";
    String digits = v.startsWith("-") || v.startsWith("+") ? v.substring(1) : v;
    if (digits.startsWith("0x")) {
      return new BigInteger(sign + digits.substring(2), 16);
    }
    if (digits.startsWith("0b")) {
      return new BigInteger(sign + digits.substring(2), 2);
    }
    if (digits.length() > 1 && digits.startsWith("0")) {
      return new BigInteger(sign + digits.substring(1), 8);
    }
    return new BigInteger(sign + digits);
  }
}
