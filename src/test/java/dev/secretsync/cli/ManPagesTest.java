package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secretsync.testkit.CliHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The man pages: one per command, well-formed roff that groff renders and mandoc lints without a
 * warning (each where installed; the structural checks run everywhere), listing exactly the options
 * {@code --help} lists.
 */
class ManPagesTest {
  private static final Path GROFF = Path.of("/usr/bin/groff");
  private static final Path MANDOC = Path.of("/usr/bin/mandoc");
  private static final LocalDate DATE = LocalDate.of(2026, 1, 2);
  // A commands line of `secretsync --help`: two spaces, the name, two or more spaces.
  private static final Pattern HELP_COMMAND = Pattern.compile("(?m)^  ([a-z]+) {2,}\\S");
  // An option line of `--help`: names at the left (descriptions wrap far further in).
  private static final Pattern HELP_OPTION =
      Pattern.compile("(?m)^ {2,6}(-[^\\s=,]+(?:, -[^\\s=,]+)*)");
  private static final Pattern BOLD = Pattern.compile("\\\\fB(.*?)\\\\fR");
  private static final Set<String> REQUESTS =
      Set.of(".TH", ".SH", ".TP", ".PP", ".B", ".nf", ".fi", ".RS", ".RE", ".ad", ".nh");
  // Every escape the generator writes; anything else after a backslash is a bug.
  private static final Pattern ESCAPES =
      Pattern.compile(
          "\\\\(-|e|&|f[BIR]|\\((aq|ga|ha|ti|dq|em|en|->|<-|oq|cq|lq|rq|mu)|\\[u[0-9A-F]{4,5}\\])");

  @TempDir Path dir;

  private List<Path> pages() {
    return ManPages.write(dir.resolve("man"), "9.9.9", DATE);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyCommandThatHelpListsHasAPage() {
    String help = new CliHarness(dir).run("--help").stdout();
    Set<String> expected = new TreeSet<>(Set.of("secretsync.1"));
    Matcher m = HELP_COMMAND.matcher(help.substring(help.indexOf("Commands:")));
    while (m.find()) {
      expected.add("secretsync-" + m.group(1) + ".1");
    }

    List<Path> written = pages();

    assertThat(expected)
        .contains("secretsync-pipeline.1", "secretsync-init.1")
        .hasSizeGreaterThan(10);
    assertThat(written.stream().map(p -> p.getFileName().toString()).toList())
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void eachPageListsExactlyTheOptionsItsHelpLists() {
    for (Path page : pages()) {
      String name = page.getFileName().toString().replaceFirst("\\.1$", "");
      String[] args =
          name.equals("secretsync")
              ? new String[] {"--help"}
              : new String[] {name.substring("secretsync-".length()), "--help"};
      String help = new CliHarness(dir).run(args).stdout();

      assertThat(optionNames(read(page))).as(name).isEqualTo(helpOptionNames(help)).isNotEmpty();
    }
  }

  @Test
  void pagesAreWellFormedRoff() {
    for (Path page : pages()) {
      String roff = read(page);
      String name = page.getFileName().toString().replaceFirst("\\.1$", "");

      assertThat(roff)
          .as(name)
          .startsWith(".TH \"" + name.toUpperCase().replace("-", "\\-") + "\" 1 \"2026-01-02\"")
          .contains("\"secretsync 9.9.9\"")
          .contains(".SH \"NAME\"\n" + name.replace("-", "\\-") + " \\- ");
      assertThat(sections(roff))
          .as(name)
          .startsWith("NAME", "SYNOPSIS", "DESCRIPTION")
          .endsWith("EXIT STATUS", "ENVIRONMENT", "SEE ALSO")
          .doesNotHaveDuplicates();
      for (String line : roff.split("\n", -1)) {
        assertThat(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).as(line).isTrue();
        assertThat(line).as(name).doesNotStartWith("'");
        if (line.startsWith(".")) {
          assertThat(REQUESTS).as(line).contains(line.split(" ", 2)[0]);
        }
        // The .TH date stays plain ISO: man-db and mandoc parse it.
        String unescaped =
            ESCAPES
                .matcher(line.replaceFirst("^(\\.TH .*) \"\\d{4}-\\d{2}-\\d{2}\" ", "$1 "))
                .replaceAll("");
        // A bare '-' is a hyphen to groff, and options must survive copy and paste.
        assertThat(unescaped).as(line).doesNotContain("\\").doesNotContain("-");
      }
    }
  }

  @Test
  void groffRendersEveryPageWithoutAWarning() throws Exception {
    assumeTrue(Files.isExecutable(GROFF), "needs groff");
    for (Path page : pages()) {
      Rendered check = groff(page, "-ww", "-z");
      assertThat(check.exit()).as(page.toString()).isZero();
      assertThat(check.text()).as(page.toString()).isEmpty();
    }

    String pipeline = groff(dir.resolve("man/secretsync-pipeline.1")).text();

    assertThat(pipeline)
        .contains("secretsync-pipeline - Merge every target's imports")
        .contains("--dry-run")
        .contains("-c, --config=FILE")
        .contains("[--merge-only | --sync-only]")
        .contains("SECRETSYNC_DRY_RUN")
        .contains("secretsync pipeline -c s.yaml --sync-only --shard 1/4");
  }

  @Test
  void mandocLintsEveryPageClean() throws Exception {
    assumeTrue(Files.isExecutable(MANDOC), "needs mandoc");
    List<String> cmd = new ArrayList<>(List.of(MANDOC.toString(), "-Tlint", "-W", "warning"));
    pages().forEach(p -> cmd.add(p.toString()));

    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(out).isEmpty();
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void textThatLooksLikeRoffStaysText() throws Exception {
    assumeTrue(Files.isExecutable(GROFF), "needs groff");
    CommandSpec spec =
        CommandSpec.create()
            .name("evil")
            .addOption(
                OptionSpec.builder("--x")
                    .description(
                        ".SH INJECTED", "'br", "a \\fBbold\\fR claim \u2014 and \"quotes\"")
                    .build());
    spec.usageMessage().description("Does things. More.", ".TH FAKE");
    Path page = dir.resolve("evil.1");
    Files.writeString(page, ManPage.render(spec, "1.0", DATE), StandardCharsets.US_ASCII);

    String text = groff(page).text();

    assertThat(sections(read(page))).doesNotContain("INJECTED");
    assertThat(text)
        .contains("evil - Does things")
        .contains(".TH FAKE")
        .contains(".SH INJECTED")
        .contains("'br")
        .contains("a \\fBbold\\fR claim")
        .contains("\"quotes\"");
  }

  @Test
  void roffEscapingNeutralisesRequestsEscapesAndHyphens() {
    assertThat(Roff.text(".SH X")).isEqualTo("\\&.SH X");
    assertThat(Roff.text("'br")).isEqualTo("\\(aqbr");
    assertThat(Roff.text("C:\\fB")).isEqualTo("C:\\efB");
    assertThat(Roff.text("--dry-run")).isEqualTo("\\-\\-dry\\-run");
    assertThat(Roff.text("a\u2014b \u00e9 ~^`")).isEqualTo("a\\(emb \\[u00E9] \\(ti\\(ha\\(ga");
    assertThat(Roff.arg("say \"hi\"")).isEqualTo("\"say \\(dqhi\\(dq\"");
  }

  private static Set<String> optionNames(String roff) {
    String options = roff.substring(roff.indexOf(".SH \"OPTIONS\""));
    options = options.substring(0, options.indexOf("\n.SH ", 1));
    Set<String> names = new LinkedHashSet<>();
    String[] lines = options.split("\n");
    for (int i = 0; i < lines.length - 1; i++) {
      if (lines[i].equals(".TP")) {
        Matcher m = BOLD.matcher(lines[i + 1]);
        while (m.find()) {
          names.add(m.group(1).replace("\\-", "-"));
        }
      }
    }
    return new TreeSet<>(names);
  }

  private static Set<String> helpOptionNames(String help) {
    Set<String> names = new TreeSet<>();
    Matcher m = HELP_OPTION.matcher(help.substring(0, helpEnd(help)));
    while (m.find()) {
      names.addAll(List.of(m.group(1).split(", ")));
    }
    return names;
  }

  /** Where the option list ends: the commands list or the footer's examples. */
  private static int helpEnd(String help) {
    return Stream.of("Commands:", "Examples:", "Install:")
        .mapToInt(help::indexOf)
        .filter(i -> i >= 0)
        .min()
        .orElse(help.length());
  }

  private static List<String> sections(String roff) {
    List<String> titles = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\.SH \"(.*)\"$").matcher(roff);
    while (m.find()) {
      titles.add(m.group(1));
    }
    return titles;
  }

  private record Rendered(int exit, String text) {}

  private static Rendered groff(Path page, String... flags) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(GROFF.toString(), "-man", "-Tascii", "-P-bcou"));
    cmd.addAll(List.of(flags));
    cmd.add(page.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Rendered(p.exitValue(), out);
  }
}
