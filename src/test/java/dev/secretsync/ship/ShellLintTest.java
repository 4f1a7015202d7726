package dev.secretsync.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** shellcheck over the shipped shell scripts, where shellcheck is installed (else skipped). */
class ShellLintTest {
  @Test
  void shellcheckFindsNothing() {
    Path shellcheck = ShellScripts.onPath("shellcheck");
    assumeTrue(
        shellcheck != null,
        "shellcheck is not installed (scripts/install-lint-tools.sh installs it): skipped");
    ShellScripts.Run r =
        ShellScripts.run(
            List.of(
                shellcheck.toString(),
                "entrypoint.sh",
                "scripts/action-install.sh",
                "scripts/install-lint-tools.sh",
                "scripts/compose-seed.sh",
                "scripts/parity-check.sh",
                "scripts/measure-startup.sh",
                "scripts/bench.sh",
                "examples/agent/seed.sh",
                ".ci/run"),
            ShellScripts.repo(),
            Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
  }
}
