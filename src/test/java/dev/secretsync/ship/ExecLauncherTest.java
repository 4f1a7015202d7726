package dev.secretsync.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * src/main/launcher/secretsync-exec.c, the agent image's shell-less {@code secretsync}: compiled
 * with the machine's C compiler (skipped without one) as the image build compiles it, then run with
 * {@code /bin/echo} standing in for java, so the exact command line it execs is visible.
 */
class ExecLauncherTest {
  @TempDir Path tmp;

  private Path compile(String java) {
    Path cc = ShellScripts.onPath("cc");
    assumeTrue(cc != null, "no C compiler on PATH: skipped (the image build compiles it)");
    Path out = tmp.resolve("secretsync");
    ShellScripts.Run r =
        ShellScripts.run(
            List.of(
                cc.toString(),
                "-O2",
                "-Wall",
                "-Wextra",
                "-Werror",
                "-DSECRETSYNC_JAVA=\"" + java + "\"",
                "-o",
                out.toString(),
                "src/main/launcher/secretsync-exec.c"),
            ShellScripts.repo(),
            Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    return out;
  }

  @Test
  void execsTheJreOnTheJarWithTheLauncherFlagsThenEveryArgumentUnchanged() {
    Path launcher = compile("/bin/echo");

    ShellScripts.Run r =
        ShellScripts.run(
            List.of(launcher.toString(), "isready", "--status-file", "/run/a b.json"),
            tmp,
            Map.of());

    assertThat(r.exit()).isZero();
    assertThat(r.out().strip())
        .isEqualTo(
            "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -jar"
                + " /opt/secretsync/secretsync.jar isready --status-file /run/a b.json");
  }

  @Test
  void aMissingJreIsOneLineAndExitTwo() {
    Path launcher = compile("/nonexistent/java");

    ShellScripts.Run r = ShellScripts.run(List.of(launcher.toString(), "version"), tmp, Map.of());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo("secretsync: cannot run /nonexistent/java: No such file or directory");
  }
}
