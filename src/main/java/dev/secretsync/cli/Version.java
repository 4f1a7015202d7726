package dev.secretsync.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version lines of {@code secretsync --version} and {@code secretsync version}. Free of picocli
 * and logging, so {@link Main} can answer {@code --version} without building the command tree.
 */
final class Version {
  private Version() {}

  /** "secretsync X" and "java Y (vendor)". */
  static String[] lines() {
    // StringBuilder, not '+': javac's invokedynamic string concatenation spins method handles on
    // first use, ~10 ms of a ~60 ms `--version`.
    return new String[] {
      new StringBuilder("secretsync ").append(number()).toString(),
      new StringBuilder("java ")
          .append(System.getProperty("java.version"))
          .append(" (")
          .append(System.getProperty("java.vendor"))
          .append(')')
          .toString()
    };
  }

  /** The build's version, from {@code version.properties}. */
  static String number() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/dev/secretsync/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty("version", "unknown");
  }

  /**
   * Whether {@code args} only ask for the version ({@code --version}, {@code -V} or {@code
   * version}): answered directly, since building the picocli command tree for it cost ~90 ms of a
   * ~140 ms start (the startup benchmark).
   */
  static boolean onlyAsked(String[] args) {
    return args.length == 1
        && (args[0].equals("--version") || args[0].equals("-V") || args[0].equals("version"));
  }
}
