package dev.secretsync.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Relative links in README.md and the shipping guides in docs/ point at files that exist. */
class DocsLinksTest {
  private static final List<String> SHIP_DOCS =
      List.of(
          "github-action.md",
          "container.md",
          "kubernetes.md",
          "security.md",
          "architecture.md",
          "troubleshooting.md",
          "performance.md",
          "agent.md");

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

  @Test
  void relativeLinksResolve() throws IOException {
    Path repo = ShellScripts.repo();
    List<Path> pages = new ArrayList<>();
    pages.add(repo.resolve("README.md"));
    // the pages this part of the project owns (others check their own)
    for (String doc : SHIP_DOCS) {
      pages.add(repo.resolve("docs").resolve(doc));
    }
    List<String> broken = new ArrayList<>();
    for (Path page : pages) {
      Matcher m = LINK.matcher(Files.readString(page));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue; // http:, https:, mailto:
        }
        if (!Files.exists(page.getParent().resolve(target).normalize())) {
          broken.add(repo.relativize(page) + " -> " + target);
        }
      }
    }
    assertThat(broken).isEmpty();
  }

  @Test
  void readmeLinksEveryGuide() throws IOException {
    String readme = Files.readString(ShellScripts.repo().resolve("README.md"));
    for (String doc : SHIP_DOCS) {
      assertThat(readme).contains("docs/" + doc);
    }
  }
}
