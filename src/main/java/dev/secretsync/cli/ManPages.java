package dev.secretsync.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Writes the man pages, one per command ({@code secretsync.1}, {@code secretsync-pipeline.1}, …),
 * from the real command tree. The build runs it into {@code target/man} (see {@code pom.xml}), and
 * the release ships them as an archive.
 */
public final class ManPages {
  private ManPages() {}

  /**
   * Writes every page into the directory {@code args[0]}. The date is {@code SOURCE_DATE_EPOCH}'s
   * when set (reproducible builds), else today's.
   */
  public static void main(String[] args) {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ManPages OUTPUT_DIRECTORY");
    }
    String epoch = System.getenv("SOURCE_DATE_EPOCH");
    LocalDate date =
        epoch == null || epoch.isBlank()
            ? LocalDate.now(ZoneOffset.UTC)
            : LocalDate.ofInstant(
                Instant.ofEpochSecond(Long.parseLong(epoch.strip())), ZoneOffset.UTC);
    write(Path.of(args[0]), Version.number(), date);
  }

  /**
   * Writes the pages into {@code dir} (created when missing) and returns their paths.
   *
   * @param version the version each page's footer names
   * @param date the date each page carries
   */
  static List<Path> write(Path dir, String version, LocalDate date) {
    // An empty environment: the build machine's SECRETSYNC_* variables must not become defaults.
    CommandLine root =
        Commands.commandLine(
            new CliContext(
                Map.of(),
                dir,
                new PrintStream(PrintStream.nullOutputStream()),
                new PrintStream(PrintStream.nullOutputStream()),
                false));
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      writeTree(root, dir, version, date, written);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(written);
  }

  private static void writeTree(
      CommandLine cl, Path dir, String version, LocalDate date, List<Path> written)
      throws IOException {
    Path page = dir.resolve(ManPage.name(cl.getCommandSpec()) + ".1");
    Files.writeString(
        page, ManPage.render(cl.getCommandSpec(), version, date), StandardCharsets.US_ASCII);
    written.add(page);
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (!sub.getCommandSpec().usageMessage().hidden()) {
        writeTree(sub, dir, version, date, written);
      }
    }
  }
}
