package dev.secretsync.ship;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The optional linters installed by {@code scripts/install-lint-tools.sh} (npm packages in {@code
 * $SECRETSYNC_LINT_TOOLS}, default {@code ~/.cache/secretsync-lint-tools}). A test that needs one
 * skips, naming the script, when it is not installed: {@code ./mvnw verify} never needs the network
 * beyond Maven Central.
 */
final class LintTools {
  private LintTools() {}

  static Path dir() {
    String configured = System.getenv("SECRETSYNC_LINT_TOOLS");
    if (configured != null && !configured.isEmpty()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "secretsync-lint-tools");
  }

  /** node_modules of the tools, or the test is skipped. */
  static Path nodeModules(String packageName) {
    Path node = ShellScripts.onPath("node");
    assumeTrue(node != null, "node is not on PATH: linter skipped");
    Path modules = dir().resolve("node_modules");
    assumeTrue(
        Files.isDirectory(modules.resolve(packageName)),
        packageName
            + " is not installed in "
            + dir()
            + ": run scripts/install-lint-tools.sh (or skip: this linter is optional)");
    return modules;
  }

  /** Runs a node script or package binary with the tools on NODE_PATH. */
  static ShellScripts.Run node(Path modules, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(ShellScripts.onPath("node").toString());
    command.addAll(args);
    return ShellScripts.run(
        command,
        ShellScripts.repo(),
        Map.of(
            "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
            "HOME", System.getProperty("user.home"),
            "NODE_PATH", modules.toString(),
            "NO_COLOR", "1"));
  }
}
