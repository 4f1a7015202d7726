package dev.secretsync.provider.github;

import dev.secretsync.core.Bundle;
import dev.secretsync.core.CanonicalJson;
import dev.secretsync.core.KeyError;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * GitHub's secret naming rules and how bundle secrets become GitHub secrets (pure). GitHub secrets
 * are flat strings: with granularity {@code field} each field of a bundle secret is one GitHub
 * secret (a string field as is, anything else as canonical JSON); with {@code secret} each bundle
 * secret is one, holding its canonical JSON. Names come from the template, upper-snake-cased.
 */
final class GitHubNames {
  /** GitHub's limit on a secret value. */
  static final int MAX_VALUE_BYTES = 48 * 1024;

  // "Secret names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores
  // (_) … must not start with the GITHUB_ prefix … must not start with a number."
  private static final Pattern VALID = Pattern.compile("[A-Z_][A-Z0-9_]*");
  private static final List<String> BUILT_IN_EXCLUDES =
      List.of("GITHUB_TOKEN", "ACTIONS_*", "RUNNER_*", "CI");

  /** One GitHub secret we want. The value is secret material: never log this record. */
  record Desired(SecretKey key, String name, String value) {
    @Override
    public String toString() {
      return "Desired[" + key + " -> " + name + ", value redacted]";
    }
  }

  /**
   * What a bundle maps to.
   *
   * @param desired by name (upper case), valid and not excluded
   * @param errors names that break GitHub's rules, clash, or exceed the size limit
   * @param skipped excluded names, with the reason
   */
  record Mapping(Map<String, Desired> desired, List<KeyError> errors, List<String> skipped) {}

  private GitHubNames() {}

  /** Maps {@code bundle} to GitHub secrets with the target's settings. */
  static Mapping map(Bundle bundle, GitHubSettings s) {
    Map<String, List<Desired>> byName = new TreeMap<>();
    for (Map.Entry<SecretKey, Secret> e : bundle.secrets().entrySet()) {
      SecretKey key = e.getKey();
      if (s.perField()) {
        for (Map.Entry<String, Object> f : e.getValue().data().entrySet()) {
          String name = name(s.nameTemplate(), key.path(), f.getKey());
          byName
              .computeIfAbsent(name, n -> new ArrayList<>())
              .add(new Desired(key, name, asString(f.getValue())));
        }
      } else {
        String name = name(s.nameTemplate(), key.path(), "");
        byName
            .computeIfAbsent(name, n -> new ArrayList<>())
            .add(new Desired(key, name, e.getValue().canonicalJson()));
      }
    }
    Map<String, Desired> desired = new LinkedHashMap<>();
    List<KeyError> errors = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Map.Entry<String, List<Desired>> e : byName.entrySet()) {
      String name = e.getKey();
      List<Desired> all = e.getValue();
      Desired d = all.get(0);
      String excludedBy = excludedBy(name, s.exclude());
      if (excludedBy != null) {
        skipped.add(name + " (from " + d.key() + "): excluded by " + excludedBy);
        continue;
      }
      if (all.size() > 1) {
        List<String> sources = all.stream().map(x -> x.key().path()).distinct().toList();
        errors.add(
            new KeyError(
                d.key(),
                name,
                "the name "
                    + name
                    + " comes from more than one field or key ("
                    + String.join(", ", sources)
                    + "); GitHub names are case-insensitive — change name_template or rename"
                    + " one of them"));
        continue;
      }
      String problem = problemWithName(name);
      if (problem == null) {
        int size = d.value().getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_VALUE_BYTES) {
          problem =
              "value is "
                  + size
                  + " bytes; GitHub allows at most "
                  + MAX_VALUE_BYTES
                  + " (48 KB) per secret — split the field or use granularity: field";
        }
      }
      if (problem != null) {
        errors.add(new KeyError(d.key(), name, problem));
        continue;
      }
      desired.put(name, d);
    }
    return new Mapping(desired, errors, skipped);
  }

  /** The GitHub name for a key and field: the template filled in, then upper snake case. */
  static String name(String template, String key, String field) {
    return upperSnake(template.replace("{key}", key).replace("{field}", field));
  }

  /** {@code config/database} + {@code dbPassword} → {@code CONFIG_DATABASE_DB_PASSWORD}. */
  static String upperSnake(String s) {
    String split = s.replaceAll("([a-z0-9])([A-Z])", "$1_$2");
    return split.replaceAll("[^A-Za-z0-9_]", "_").toUpperCase(Locale.ROOT);
  }

  /** Why GitHub would refuse {@code name}, or null. */
  static String problemWithName(String name) {
    if (name.isEmpty() || !VALID.matcher(name).matches()) {
      return "the name "
          + name
          + " is not a valid GitHub secret name (letters, digits and _ only, not starting with a"
          + " digit) — change name_template";
    }
    if (name.startsWith("GITHUB_")) {
      return "the name " + name + " starts with GITHUB_, which GitHub reserves — change the key";
    }
    return null;
  }

  /** The built-in or configured glob that excludes {@code name}, or null. */
  static String excludedBy(String name, List<String> configured) {
    for (String g : BUILT_IN_EXCLUDES) {
      if (glob(g, name)) {
        return g + " (built in)";
      }
    }
    for (String g : configured) {
      if (glob(g.toUpperCase(Locale.ROOT), name)) {
        return g + " (exclude)";
      }
    }
    return null;
  }

  private static boolean glob(String glob, String name) {
    StringBuilder re = new StringBuilder();
    for (char c : glob.toCharArray()) {
      re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return name.matches(re.toString());
  }

  private static String asString(Object v) {
    return v instanceof String str ? str : CanonicalJson.write(v);
  }
}
