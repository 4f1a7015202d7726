package dev.secretsync.config;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Binds a target's filter keys ({@code include}, {@code exclude_keys}, {@code match_metadata}) from
 * the target's mapping, wherever the target comes from (static or generated from a template).
 */
final class TargetFiltersBinder {
  private final YamlContext ctx;

  TargetFiltersBinder(YamlContext ctx) {
    this.ctx = ctx;
  }

  /** Reads the filter keys of {@code target}; {@link TargetFilters#NONE} when there are none. */
  TargetFilters bind(YamlObject target) {
    Node misplaced = target.misplaced("exclude");
    if (misplaced != null) {
      // Two excludes with different meanings would be a trap: name the one the user wants.
      ctx.problem(
          misplaced,
          target.child("exclude"),
          "unknown key \"exclude\": globs on bundle keys go in exclude_keys (e.g. exclude_keys:"
              + " [\"**/test/**\"]); globs on GitHub secret names go in github.exclude");
    }
    TargetFilters.Include include = include(target);
    List<String> exclude = target.strings("exclude_keys");
    Map<String, String> metadata = target.stringMap("match_metadata");
    if (include.paths().isEmpty() && exclude.isEmpty() && metadata.isEmpty()) {
      return TargetFilters.NONE;
    }
    return new TargetFilters(include, exclude, metadata);
  }

  private TargetFilters.Include include(YamlObject target) {
    Node raw = target.raw("include");
    if (raw == null || YamlObject.isNull(raw)) {
      return TargetFilters.Include.NONE;
    }
    String path = target.child("include");
    if (raw instanceof SequenceNode) {
      ctx.problem(raw, path, "expected {paths: [regex, …]}, e.g. include: {paths: [\"^config/\"]}");
      return TargetFilters.Include.NONE;
    }
    YamlObject o = YamlObject.of(raw, path, ctx);
    if (!o.has("paths")) {
      o.problem(null, "include needs paths: a list of Java regexes, e.g. [\"^config/\"]");
    }
    List<String> paths = o.strings("paths");
    if (o.has("paths") && paths.isEmpty()) {
      // An empty list would include nothing: almost surely not what was meant.
      o.problem("paths", "list at least one regex, or remove include to sync every key");
    }
    o.finish();
    return new TargetFilters.Include(paths);
  }
}
