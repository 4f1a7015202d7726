package dev.secretsync.cli;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One command's man(7) page, written from its picocli model: the same names, labels and
 * descriptions {@code --help} prints, so the two cannot drift. picocli's own {@code
 * ManPageGenerator} writes AsciiDoc, which needs asciidoctor to become roff; this writes roff.
 *
 * <p>The help footer is read by its shape: a block headed {@code Examples:} (or any {@code Word:}
 * line) becomes a section of preformatted lines, {@code Exit codes:} and {@code With --exit-code:}
 * lines become EXIT STATUS, and any other line is more description.
 */
final class ManPage {
  /** Also the default EXIT STATUS of a command whose help names none. */
  static final String DEFAULT_EXIT_CODES = "Exit codes: 0 success, 1 failure, 2 usage error.";

  private static final Pattern HEADING = Pattern.compile("[A-Z][A-Za-z ]*:");
  private static final Pattern EXIT_LINE = Pattern.compile("(Exit codes|With --exit-code): .*");
  // One sentence per source line (man(7)): groff then spaces sentences as it should. Not after
  // "e.g.", and only before a capital, so no line can start with a request's dot.
  private static final Pattern SENTENCE_END =
      Pattern.compile("(?<=[.!?])(?<!\\.[a-z]\\.) +(?=[A-Z])");
  // "0 stopped, 1 failed to start (bad config, port in use), 2 usage error": split before codes.
  private static final Pattern EXIT_ITEM = Pattern.compile(",\\s+(?=\\d+\\s)");

  private final CommandSpec spec;
  private final StringBuilder out = new StringBuilder();

  private ManPage(CommandSpec spec) {
    this.spec = spec;
  }

  /** The page's file name stem, e.g. {@code secretsync-pipeline}. */
  static String name(CommandSpec spec) {
    return spec.qualifiedName("-");
  }

  /**
   * The roff source of {@code spec}'s page.
   *
   * @param version the build's version, for the page footer
   * @param date the page's date (the build's, for reproducible archives)
   */
  static String render(CommandSpec spec, String version, LocalDate date) {
    return new ManPage(spec).write(version, date);
  }

  private String write(String version, LocalDate date) {
    String name = name(spec);
    line(
        ".TH "
            + Roff.arg(name.toUpperCase(Locale.ROOT))
            // An ISO date as it is: man-db and mandoc parse it, an escaped "\\-" they cannot.
            + " 1 \""
            + date
            + "\" "
            + Roff.arg("secretsync " + version)
            + " "
            + Roff.arg("SecretSync Manual"));
    // Left-aligned, unhyphenated: option names and paths must not be split at a line end.
    line(".ad l");
    line(".nh");
    section("NAME");
    line(Roff.text(name) + " \\- " + Roff.text(firstSentence(description())));
    synopsis();
    Footer footer = footer();
    section("DESCRIPTION");
    paragraphs(description());
    for (String extra : footer.prose) {
      line(".PP");
      line(prose(extra));
    }
    commands();
    arguments();
    options();
    for (Block block : footer.blocks) {
      section(block.heading.toUpperCase(Locale.ROOT));
      line(".nf");
      line(".RS 4");
      block.lines.forEach(l -> line(Roff.text(l.strip())));
      line(".RE");
      line(".fi");
    }
    exitStatus(footer.exitLines.isEmpty() ? List.of(DEFAULT_EXIT_CODES) : footer.exitLines);
    environment();
    seeAlso();
    return out.toString();
  }

  private void synopsis() {
    section("SYNOPSIS");
    line(".B " + Roff.text(spec.qualifiedName()));
    Set<ArgGroupSpec> shown = new HashSet<>();
    for (OptionSpec o : visibleOptions()) {
      ArgGroupSpec group = o.group();
      if (group == null) {
        line(o.required() ? synopsisItem(o) : "[" + synopsisItem(o) + "]");
      } else if (shown.add(group)) {
        // A group once, as --help shows it: [--merge-only | --sync-only].
        String sep = group.exclusive() ? " | " : " ";
        String items =
            String.join(sep, group.options().stream().map(ManPage::synopsisItem).toList());
        line(group.multiplicity().min() > 0 ? "(" + items + ")" : "[" + items + "]");
      }
    }
    for (PositionalParamSpec p : visibleParameters()) {
      String item = Roff.italic(p.paramLabel()) + (p.arity().max() > 1 ? "..." : "");
      line(p.arity().min() == 0 ? "[" + item + "]" : item);
    }
    if (!visibleSubcommands().isEmpty()) {
      line(Roff.italic("COMMAND"));
    }
  }

  private static String synopsisItem(OptionSpec o) {
    String names = String.join("|", names(o).map(Roff::bold).toList());
    if (o.arity().max() == 0) {
      return names;
    }
    String label = Roff.italic(o.paramLabel());
    // --targets=NAME[,NAME...], as --help writes a split option.
    return names + "=" + label + (o.splitRegex().isEmpty() ? "" : "[," + label + "...]");
  }

  /** The names as --help writes them: {@code --[no-]watch-config} for a negatable option. */
  private static Stream<String> names(OptionSpec o) {
    return Arrays.stream(o.names())
        .map(n -> o.negatable() && n.startsWith("--") ? "--[no-]" + n.substring(2) : n);
  }

  private void commands() {
    List<CommandLine> subs = visibleSubcommands();
    if (subs.isEmpty()) {
      return;
    }
    section("COMMANDS");
    for (CommandLine sub : subs) {
      CommandSpec s = sub.getCommandSpec();
      line(".TP");
      line(Roff.bold(s.name()));
      line(prose(firstSentence(s.usageMessage().description())) + ".");
      line("See " + Roff.bold(name(s)) + "(1).");
    }
  }

  private void arguments() {
    List<PositionalParamSpec> params = visibleParameters();
    if (params.isEmpty()) {
      return;
    }
    section("ARGUMENTS");
    for (PositionalParamSpec p : params) {
      line(".TP");
      line(Roff.italic(p.paramLabel()));
      describe(p.description(), p.defaultValue(), p.completionCandidates());
    }
  }

  private void options() {
    List<OptionSpec> options = visibleOptions();
    if (options.isEmpty()) {
      return;
    }
    section("OPTIONS");
    for (OptionSpec o : options) {
      line(".TP");
      String label = o.arity().max() > 0 ? "=" + Roff.italic(o.paramLabel()) : "";
      line(String.join(", ", names(o).map(Roff::bold).toList()) + label);
      describe(o.description(), o.defaultValue(), o.completionCandidates());
    }
  }

  private void describe(String[] description, String defaultValue, Iterable<String> candidates) {
    List<String> values = new ArrayList<>();
    if (candidates != null) {
      candidates.forEach(values::add);
    }
    for (String d : description) {
      if (!d.isBlank()) {
        // The model keeps picocli's variables and $$ escapes as written; --help resolves them.
        line(
            prose(
                d.replace("${DEFAULT-VALUE}", defaultValue == null ? "" : defaultValue)
                    .replace("${COMPLETION-CANDIDATES}", String.join(", ", values))
                    .replace("$${", "${")));
      }
    }
  }

  private void exitStatus(List<String> lines) {
    section("EXIT STATUS");
    for (String l : lines) {
      int colon = l.indexOf(": ");
      String head = l.substring(0, colon);
      if (!head.equals("Exit codes")) {
        line(".PP");
        line(prose(head) + ":");
      }
      String items = l.substring(colon + 2).replaceFirst("\\.$", "");
      for (String item : EXIT_ITEM.split(items)) {
        int space = item.indexOf(' ');
        line(".TP");
        line(Roff.bold(item.substring(0, space)));
        line(prose(item.substring(space + 1)));
      }
    }
  }

  private void environment() {
    List<OptionSpec> settable =
        visibleOptions().stream()
            .filter(o -> !o.usageHelp() && !o.versionHelp() && o.longestName().startsWith("--"))
            .toList();
    section("ENVIRONMENT");
    if (settable.isEmpty()) {
      line(
          Roff.text("Each command's options default to ")
              + Roff.bold("SECRETSYNC_")
              + Roff.italic("OPTION")
              + Roff.text(
                  " variables (upper case, dashes as underscores), listed on the command's page;"
                      + " an option on the command line wins over its variable."));
      return;
    }
    line("An option given on the command line wins over its variable.");
    for (OptionSpec o : settable) {
      line(".TP");
      String variable = Roff.bold(EnvDefaults.variableFor(o.longestName()));
      // EnvDefaults' one alias: the port variable the container images already used.
      line(
          o.longestName().equals("--metrics-port")
              ? variable + ", " + Roff.bold("METRICS_PORT")
              : variable);
      line("Sets " + Roff.bold(o.longestName()) + ".");
    }
  }

  private void seeAlso() {
    section("SEE ALSO");
    List<String> refs = new ArrayList<>();
    CommandSpec parent = spec.parent();
    if (parent != null) {
      refs.add(Roff.bold(name(parent)) + "(1)");
    }
    visibleSubcommands().forEach(s -> refs.add(Roff.bold(name(s.getCommandSpec())) + "(1)"));
    if (!refs.isEmpty()) {
      line(String.join(",\n", refs));
      line(".PP");
    }
    line(
        "The configuration reference, "
            + Roff.bold("docs/configuration.md")
            + ", and troubleshooting guide, "
            + Roff.bold("docs/troubleshooting.md")
            + ", in the SecretSync source.");
  }

  private String[] description() {
    return spec.usageMessage().description();
  }

  private void paragraphs(String[] lines) {
    // The section heading starts the first paragraph; a blank line starts the next.
    boolean fresh = false;
    for (String l : lines) {
      if (l.isBlank()) {
        fresh = true;
        continue;
      }
      if (fresh) {
        line(".PP");
      }
      fresh = false;
      line(prose(l));
    }
  }

  private List<OptionSpec> visibleOptions() {
    List<OptionSpec> options =
        new ArrayList<>(spec.options().stream().filter(o -> !o.hidden()).toList());
    if (spec.usageMessage().sortOptions()) {
      // As --help lists them: by short name where there is one, letters before case.
      options.sort(
          Comparator.comparing(
              (OptionSpec o) -> o.shortestName().replaceFirst("^-+", ""),
              String.CASE_INSENSITIVE_ORDER));
    }
    return options;
  }

  private List<PositionalParamSpec> visibleParameters() {
    return spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
  }

  private List<CommandLine> visibleSubcommands() {
    return spec.subcommands().values().stream()
        .filter(c -> !c.getCommandSpec().usageMessage().hidden())
        .distinct()
        .toList();
  }

  private Footer footer() {
    Footer f = new Footer();
    List<String> block = new ArrayList<>();
    for (String l : spec.usageMessage().footer()) {
      if (l.isBlank()) {
        f.add(block);
        block = new ArrayList<>();
      } else {
        block.add(l.replace("$${", "${"));
      }
    }
    f.add(block);
    return f;
  }

  /** Text with {@code `code`} spans in bold. */
  private static String prose(String s) {
    // A text line starting with a space would break the filled paragraph there.
    String[] parts = s.strip().split("`", -1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      sb.append(
          i % 2 == 1 && i < parts.length - 1
              ? Roff.bold(parts[i])
              : SENTENCE_END.matcher(Roff.text(parts[i])).replaceAll("\n"));
    }
    return sb.toString();
  }

  private static String firstSentence(String[] description) {
    String text = description.length == 0 ? "" : description[0];
    int end = text.indexOf(". ");
    String first = end < 0 ? text : text.substring(0, end);
    return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
  }

  private void section(String title) {
    line(".SH " + Roff.arg(title));
  }

  private void line(String roff) {
    out.append(roff).append('\n');
  }

  /** The help footer sorted into sections, EXIT STATUS lines and plain prose. */
  private static final class Footer {
    final List<Block> blocks = new ArrayList<>();
    final List<String> exitLines = new ArrayList<>();
    final List<String> prose = new ArrayList<>();

    void add(List<String> lines) {
      if (lines.isEmpty()) {
        return;
      }
      if (HEADING.matcher(lines.get(0)).matches()) {
        String heading = lines.get(0);
        blocks.add(
            new Block(heading.substring(0, heading.length() - 1), lines.subList(1, lines.size())));
        return;
      }
      for (String l : lines) {
        (EXIT_LINE.matcher(l).matches() ? exitLines : prose).add(l);
      }
    }
  }

  private record Block(String heading, List<String> lines) {
    Block {
      lines = List.copyOf(lines);
    }
  }
}
