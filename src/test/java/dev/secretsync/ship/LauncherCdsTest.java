package dev.secretsync.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data sharing (src/main/launcher/secretsync.sh), on a stand-in executable:
 * the launcher followed by a one-class jar that prints its arguments, as the build prepends it to
 * the real jar. The first run records an archive in the cache directory, later runs map it, nothing
 * of it ever reaches stdout or stderr, and every way out (off, quick commands, no cache directory,
 * a corrupt archive) still runs the command unchanged.
 */
class LauncherCdsTest {
  @TempDir Path tmp;
  private Path exe;
  private Path home;

  @BeforeEach
  void build() throws Exception {
    Path src = tmp.resolve("src/Hello.java");
    Files.createDirectories(src.getParent());
    Files.writeString(
        src,
        """
        public class Hello {
          public static void main(String[] args) {
            System.out.println("hello " + String.join(" ", args));
          }
        }
        """);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    assertThat(javac.run(null, null, null, "-d", classes.toString(), src.toString())).isZero();
    Manifest mf = new Manifest();
    mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Hello");
    exe = tmp.resolve("bin/secretsync");
    Files.createDirectories(exe.getParent());
    try (OutputStream out = Files.newOutputStream(exe)) {
      out.write(Files.readAllBytes(ShellScripts.repo().resolve("src/main/launcher/secretsync.sh")));
      try (JarOutputStream jar = new JarOutputStream(out, mf)) {
        jar.putNextEntry(new JarEntry("Hello.class"));
        jar.write(Files.readAllBytes(classes.resolve("Hello.class")));
        jar.closeEntry();
      }
    }
    exe.toFile().setExecutable(true);
    home = Files.createDirectories(tmp.resolve("home"));
  }

  private ShellScripts.Run run(Map<String, String> extra, String... args) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("HOME", home.toString());
    env.putAll(extra);
    List<String> cmd = new ArrayList<>(List.of(exe.toString()));
    cmd.addAll(List.of(args));
    return ShellScripts.run(cmd, tmp, env);
  }

  private List<Path> cache() throws IOException {
    Path dir = home.resolve(".cache/secretsync");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  @Test
  void theFirstRunRecordsAnArchiveAndLaterRunsMapItQuietly() throws Exception {
    ShellScripts.Run first = run(Map.of(), "pipeline", "--config", "a b.yaml");

    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo("hello pipeline --config a b.yaml\n");
    assertThat(first.err()).isEmpty();
    assertThat(cache()).singleElement().satisfies(p -> assertThat(p.toString()).endsWith(".jsa"));
    assertThat(Files.getPosixFilePermissions(home.resolve(".cache/secretsync")))
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE", "OWNER_EXECUTE");

    ShellScripts.Run again =
        run(Map.of("JAVA_OPTS", "-Xlog:class+load=info"), "pipeline", "--dry-run");

    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out())
        .as("the app's class comes from the archive")
        .contains("Hello source: shared objects file (top)")
        .contains("\nhello pipeline --dry-run\n");
    assertThat(cache()).hasSize(1);
  }

  @Test
  void offQuickCommandsAndNoCacheDirectoryRunTheCommandWithoutAnArchive() throws Exception {
    assertThat(run(Map.of("SECRETSYNC_CDS", "off"), "pipeline").out())
        .isEqualTo("hello pipeline\n");
    assertThat(run(Map.of(), "--version").out()).isEqualTo("hello --version\n");
    assertThat(run(Map.of("CI", "true"), "pipeline").out()).isEqualTo("hello pipeline\n");
    assertThat(cache()).as("off, --version and a CI job record nothing").isEmpty();
    assertThat(run(Map.of("CI", "true", "SECRETSYNC_CDS", "on"), "pipeline").out())
        .isEqualTo("hello pipeline\n");
    assertThat(cache()).as("on: recorded in CI too").hasSize(1);

    Files.writeString(tmp.resolve("not-a-dir"), "x");
    ShellScripts.Run noDir =
        run(Map.of("SECRETSYNC_CACHE_DIR", tmp.resolve("not-a-dir/cds").toString()), "validate");
    assertThat(noDir.exit()).isZero();
    assertThat(noDir.out()).isEqualTo("hello validate\n");
    assertThat(noDir.err()).isEmpty();
  }

  @Test
  void aCorruptArchiveIsIgnoredWithoutAWord() throws Exception {
    run(Map.of(), "validate");
    Path archive = cache().get(0);
    Files.write(archive, "not an archive".getBytes(StandardCharsets.UTF_8));

    ShellScripts.Run r = run(Map.of(), "pipeline", "-o", "json");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("hello pipeline -o json\n");
    assertThat(r.err()).isEmpty();
  }
}
