package dev.secretsync.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from the environment: {@code --dry-run} ← {@code SECRETSYNC_DRY_RUN}, {@code
 * --config} ← {@code SECRETSYNC_CONFIG}, and so on (upper case, dashes become underscores). CLI
 * flags win over the environment, which wins over the built-in default.
 */
final class EnvDefaults implements CommandLine.IDefaultValueProvider {
  private final Map<String, String> env;

  EnvDefaults(Map<String, String> env) {
    this.env = env;
  }

  /** The variable that sets {@code option}, e.g. {@code SECRETSYNC_DRY_RUN}. */
  static String variableFor(String longName) {
    return "SECRETSYNC_"
        + longName.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (argSpec instanceof OptionSpec option && option.longestName().startsWith("--")) {
      String value = env.get(variableFor(option.longestName()));
      if (value != null && !value.isEmpty()) {
        return value;
      }
      if ("--metrics-port".equals(option.longestName()) && env.get("METRICS_PORT") != null) {
        return env.get("METRICS_PORT");
      }
    }
    return argSpec.defaultValue();
  }
}
