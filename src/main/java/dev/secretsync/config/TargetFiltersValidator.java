package dev.secretsync.config;

import dev.secretsync.core.KeyGlob;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a target's filters: every regex and glob compiles (the problem names its list index), and
 * {@code match_metadata} has Vault KV v2 sources to read metadata from. Callable for any target
 * config with its config path, so generated targets are checked the same way.
 */
final class TargetFiltersValidator {
  private final YamlContext ctx;
  private final SecretSyncConfig config;

  TargetFiltersValidator(YamlContext ctx, SecretSyncConfig config) {
    this.ctx = ctx;
    this.config = config;
  }

  /** Records every problem of {@code t}'s filters, at paths below {@code path}. */
  void validate(TargetConfig t, String path) {
    TargetFilters f = t.filters();
    List<String> include = f.include().paths();
    for (int i = 0; i < include.size(); i++) {
      try {
        Pattern.compile(include.get(i));
      } catch (PatternSyntaxException e) {
        ctx.problemAt(
            path + ".include.paths[" + i + "]",
            "invalid regular expression \""
                + include.get(i)
                + "\": "
                + e.getDescription()
                + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "")
                + " (Java regex syntax, searched in the key: ^config/ matches keys starting"
                + " with config/)");
      }
    }
    List<String> exclude = f.excludeKeys();
    for (int i = 0; i < exclude.size(); i++) {
      try {
        KeyGlob.compile(exclude.get(i));
      } catch (IllegalArgumentException e) {
        ctx.problemAt(
            path + ".exclude_keys[" + i + "]",
            "invalid glob \"" + exclude.get(i) + "\": " + e.getMessage());
      }
    }
    if (!f.matchMetadata().isEmpty()) {
      metadataSources(t, path + ".match_metadata");
    }
  }

  /**
   * Metadata comes from Vault KV v2 only: a target whose imports reach no Vault source would filter
   * out every key, and a KV v1 source has no metadata to match (a mount detected as v1 at run time
   * fails the target with the same advice).
   */
  private void metadataSources(TargetConfig t, String path) {
    List<SourceConfig> reached = new ArrayList<>();
    collect(t.name(), new HashSet<>(), reached);
    List<SourceConfig> vault = reached.stream().filter(s -> s.vault() != null).toList();
    if (vault.isEmpty()) {
      ctx.problemAt(
          path,
          "match_metadata reads Vault KV v2 custom_metadata, but target "
              + t.name()
              + " imports no Vault source (file sources and overrides carry no metadata, so no"
              + " key could match); import a Vault KV v2 source or remove match_metadata");
      return;
    }
    for (SourceConfig s : vault) {
      if ("1".equals(s.vault().kvVersion())) {
        ctx.problemAt(
            path,
            "source \""
                + s.name()
                + "\" is KV version 1, which has no custom_metadata; import only KV v2 sources"
                + " into a target with match_metadata, or remove match_metadata");
      }
    }
  }

  /** The sources {@code name} reaches through its imports, each once, in first-seen order. */
  private void collect(String name, Set<String> seen, List<SourceConfig> out) {
    TargetConfig t = config.targets().get(name);
    if (t == null || !seen.add(name)) {
      return;
    }
    for (String imp : t.imports()) {
      SourceConfig s = config.sources().get(imp);
      if (s != null && seen.add(imp)) {
        out.add(s);
      } else if (s == null) {
        collect(imp, seen, out);
      }
    }
  }
}
