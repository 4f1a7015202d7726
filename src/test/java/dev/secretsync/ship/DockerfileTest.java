package dev.secretsync.ship;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The container image's Dockerfile, .dockerignore and docker-compose.test.yml, checked structurally
 * (there is no Docker engine on the build machines, so the image is built only in the GitHub
 * workflow), plus dockerfile-utils' linter when scripts/install-lint-tools.sh installed it.
 */
class DockerfileTest {
  /** An exact version tag (x.y.z somewhere in it) or a digest; never "latest" or a bare major. */
  static final Pattern PINNED =
      Pattern.compile(
          "[a-z0-9./_-]+(:[A-Za-z0-9._-]*\\d+\\.\\d+\\.\\d+[A-Za-z0-9._-]*)?(@sha256:[0-9a-f]{64})?");

  record Instruction(int line, String keyword, String args) {}

  /** Instructions with continuation lines joined and comments dropped. */
  static List<Instruction> parse(String text) {
    List<Instruction> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    StringBuilder current = null;
    int start = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.startsWith("#")) {
        continue;
      }
      if (current == null) {
        if (line.isEmpty()) {
          continue;
        }
        current = new StringBuilder();
        start = i + 1;
      }
      boolean continues = line.endsWith("\\");
      current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
      if (!continues) {
        String s = current.toString().strip();
        int sp = s.indexOf(' ');
        out.add(
            new Instruction(
                start,
                (sp < 0 ? s : s.substring(0, sp)).toUpperCase(Locale.ROOT),
                sp < 0 ? "" : s.substring(sp + 1).strip()));
        current = null;
      }
    }
    return out;
  }

  private static String read(String file) throws IOException {
    return Files.readString(ShellScripts.repo().resolve(file), StandardCharsets.UTF_8);
  }

  private static List<Instruction> dockerfile() throws IOException {
    return parse(read("Dockerfile"));
  }

  /** Instructions of the last stage (the image `docker build .` produces). */
  private static List<Instruction> finalStage(List<Instruction> all) {
    int last = 0;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).keyword().equals("FROM")) {
        last = i;
      }
    }
    return all.subList(last, all.size());
  }

  @Test
  void everyBaseImageIsPinnedToAnExactVersion() throws IOException {
    List<String> stages = new ArrayList<>();
    int froms = 0;
    for (Instruction in : dockerfile()) {
      if (!in.keyword().equals("FROM")) {
        continue;
      }
      froms++;
      String[] parts = in.args().replaceFirst("^--platform=\\S+\\s+", "").split("\\s+");
      String image = parts[0];
      if (parts.length == 3 && parts[1].equalsIgnoreCase("AS") && image.equals("scratch")) {
        stages.add(parts[2]);
        continue; // the empty image: nothing to pin
      }
      if (stages.contains(image)) {
        continue; // FROM an earlier stage
      }
      assertThat(image).as("line %d", in.line()).matches(PINNED).contains(":");
      assertThat(image).doesNotContain(":latest");
      if (parts.length == 3 && parts[1].equalsIgnoreCase("AS")) {
        stages.add(parts[2]);
      }
    }
    assertThat(froms)
        .as("multi-stage: a build stage and a runtime stage")
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void buildStageUsesTheMavenWrapperAndRuntimeStageAJre() throws IOException {
    List<Instruction> all = dockerfile();
    assertThat(all.get(0).args())
        .startsWith("--platform=$BUILDPLATFORM ")
        .contains("-jdk")
        .endsWith("AS build");
    assertThat(all)
        .anySatisfy(
            in -> {
              assertThat(in.keyword()).isEqualTo("RUN");
              assertThat(in.args()).contains("./mvnw -B");
            });
    assertThat(finalStage(all).get(0).args()).contains("-jre");
  }

  @Test
  void runtimeImageRunsAsNonRootWithTheSecretsyncEntrypoint() throws IOException {
    List<Instruction> stage = finalStage(dockerfile());
    List<String> users =
        stage.stream().filter(i -> i.keyword().equals("USER")).map(Instruction::args).toList();
    assertThat(users).as("last USER is 65532").isNotEmpty();
    assertThat(users.get(users.size() - 1)).matches("65532(:65532)?");
    assertThat(last(stage, "ENTRYPOINT")).isEqualTo("[\"secretsync\"]");
    // Default command `pipeline --config /config/secretsync.yaml`, the path from
    // SECRETSYNC_CONFIG so that setting the variable still works.
    assertThat(last(stage, "CMD")).isEqualTo("[\"pipeline\"]");
    String env = String.join(" ", all(stage, "ENV"));
    assertThat(env).contains("SECRETSYNC_CONFIG=/config/secretsync.yaml");
    assertThat(env).contains("-XX:SharedArchiveFile=/opt/secretsync/secretsync.jsa");
    assertThat(String.join(" ", all(stage, "RUN")))
        .contains("ca-certificates.crt")
        .contains("-XX:ArchiveClassesAtExit=/opt/secretsync/secretsync.jsa")
        .contains("--uid 65532");
  }

  /** The stage {@code name}: its instructions from its FROM to the next FROM. */
  static List<Instruction> stage(List<Instruction> all, String name) {
    int start = -1;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).keyword().equals("FROM")) {
        if (start >= 0) {
          return all.subList(start, i);
        }
        if (all.get(i).args().matches("(?i).*\\s+AS\\s+" + Pattern.quote(name))) {
          start = i;
        }
      }
    }
    assertThat(start).as("stage " + name).isNotNegative();
    return all.subList(start, all.size());
  }

  @Test
  void agentImageIsAJlinkedJreOnAnEmptyBaseWithAnExecFormHealthcheck() throws IOException {
    List<Instruction> all = dockerfile();
    List<Instruction> agent = stage(all, "agent");
    List<Instruction> rootfs = stage(all, "agent-rootfs");

    assertThat(agent.get(0).args()).isEqualTo("scratch AS agent");
    assertThat(all(agent, "RUN")).as("no shell in the image, so no RUN").isEmpty();
    assertThat(all(agent, "COPY")).containsExactly("--from=agent-rootfs /rootfs/ /");
    assertThat(last(agent, "HEALTHCHECK")).endsWith("CMD [\"secretsync\", \"isready\"]");
    assertThat(last(agent, "ENTRYPOINT")).isEqualTo("[\"secretsync\"]");
    assertThat(last(agent, "CMD")).isEqualTo("[\"agent\"]");
    assertThat(last(agent, "USER")).isEqualTo("65532:65532");
    String run = String.join(" ", all(rootfs, "RUN"));
    assertThat(run)
        .contains("jlink --add-modules ")
        .contains("--strip-debug", "--no-man-pages", "--no-header-files")
        .contains("-o /rootfs/usr/local/bin/secretsync /tmp/secretsync-exec.c")
        .contains("ldd ")
        .contains("/rootfs/opt/java/bin/java -jar /rootfs/opt/secretsync/secretsync.jar --version");
    String modules = run.replaceAll(".*jlink --add-modules (\\S+).*", "$1");
    assertThat(List.of(modules.split(",")))
        .as("the modules the CLI needs: the agent's health server, signals, HTTP, TLS")
        .contains(
            "java.base", "java.net.http", "jdk.httpserver", "jdk.unsupported", "jdk.crypto.ec");
    // `docker build .` still builds the full image: the runtime stage stays last.
    assertThat(finalStage(all).get(0).args()).endsWith("AS runtime");
  }

  @Test
  void noRemoteAddsNoSecretsInBuildArgs() throws IOException {
    for (Instruction in : dockerfile()) {
      if (in.keyword().equals("ADD")) {
        assertThat(in.args()).doesNotContainPattern("https?://");
      }
      if (in.keyword().equals("ARG") || in.keyword().equals("ENV")) {
        assertThat(in.args().toUpperCase(Locale.ROOT))
            .doesNotContain("TOKEN", "PASSWORD", "SECRET_");
      }
    }
  }

  /** Every file the Dockerfile copies from the context is re-included by the .dockerignore. */
  @Test
  void dockerignoreIsAnAllowlistCoveringEveryCopy() throws IOException {
    List<String> ignore =
        read(".dockerignore")
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    assertThat(ignore.get(0)).as("exclude everything first").isEqualTo("*");
    List<String> allowed =
        ignore.stream().filter(l -> l.startsWith("!")).map(l -> l.substring(1)).toList();
    for (Instruction in : dockerfile()) {
      if (!in.keyword().equals("COPY") || in.args().startsWith("--from")) {
        continue;
      }
      String[] parts = in.args().split("\\s+");
      for (int i = 0; i < parts.length - 1; i++) {
        String src = parts[i].startsWith("--") ? null : parts[i];
        if (src == null) {
          continue;
        }
        assertThat(allowed)
            .as("COPY %s (line %d) is allowed by .dockerignore", src, in.line())
            .anyMatch(a -> src.equals(a) || src.startsWith(a) || a.startsWith(src));
      }
    }
    assertThat(allowed).noneMatch(a -> a.startsWith("target") || a.startsWith(".git"));
  }

  @Test
  void composeTestEnvironmentPinsEveryImage() throws IOException {
    JsonNode compose =
        new ObjectMapper(new YAMLFactory())
            .readTree(ShellScripts.repo().resolve("docker-compose.test.yml").toFile());
    List<String> images = new ArrayList<>();
    compose.path("services").forEach(s -> images.add(s.path("image").asText()));
    assertThat(images).allSatisfy(i -> assertThat(i).matches(PINNED).contains(":"));
    assertThat(images).contains("hashicorp/vault:1.18.5", "localstack/localstack:4.9.2");
  }

  @Test
  void dockerfileUtilsLintFindsNothing() {
    var modules = LintTools.nodeModules("dockerfile-utils");
    ShellScripts.Run r =
        LintTools.node(
            modules,
            List.of(
                modules.resolve("dockerfile-utils/bin/dockerfile-utils").toString(),
                "lint",
                "Dockerfile"));
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
  }

  private static String last(List<Instruction> stage, String keyword) {
    List<String> all = all(stage, keyword);
    assertThat(all).as(keyword).isNotEmpty();
    return all.get(all.size() - 1).replaceAll("\\s+", " ").replace("[ ", "[").replace(" ]", "]");
  }

  private static List<String> all(List<Instruction> stage, String keyword) {
    return stage.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::args).toList();
  }
}
