package dev.secretsync.report;

import dev.secretsync.core.RunReport;
import java.util.List;

/** Renders a {@link RunReport} as text for stdout. */
public interface ReportFormat {
  /** The names {@link #named} accepts, in the order help and shell completion list them. */
  List<String> NAMES = List.of("human", "json", "github", "compact");

  /**
   * Renders the report.
   *
   * @param report the run's report
   * @param options what to include
   * @return the text, ending with a newline (or empty)
   */
  String render(RunReport report, RenderOptions options);

  /** The format named {@code human}, {@code json}, {@code github} or {@code compact}. */
  static ReportFormat named(String name) {
    return switch (name) {
      case "human" -> new HumanFormat();
      case "json" -> new JsonFormat();
      case "github" -> new GithubFormat();
      case "compact" -> new CompactFormat();
      default ->
          throw new IllegalArgumentException(
              "unknown output format \"" + name + "\" (use human, json, github or compact)");
    };
  }

  /**
   * What to include.
   *
   * @param diff show field-level differences of updates
   * @param showValues reveal values in field differences (human output only; for debugging)
   * @param color use ANSI colours
   */
  record RenderOptions(boolean diff, boolean showValues, boolean color) {
    /** Plain: no diff, masked, no colour. */
    public static final RenderOptions PLAIN = new RenderOptions(false, false, false);
  }
}
