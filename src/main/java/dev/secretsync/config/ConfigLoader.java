package dev.secretsync.config;

import dev.secretsync.core.IoProblems;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code secretsync.yaml}: parses YAML (keeping line/column marks), expands {@code ${VAR}}
 * from the given environment map, binds to {@link SecretSyncConfig}, and validates. Every problem
 * is collected and thrown together in one {@link ConfigException}; no network is touched.
 */
public final class ConfigLoader {
  private final Map<String, String> env;
  private final Set<String> supportedProviders;

  /**
   * @param env environment for {@code ${VAR}} expansion
   * @param supportedProviders provider kinds this build can run, e.g. {@code source:file}, {@code
   *     target:file}, {@code store:memory} — others are reported as "not supported yet"
   */
  public ConfigLoader(Map<String, String> env, Set<String> supportedProviders) {
    this.env = Map.copyOf(env);
    this.supportedProviders = Set.copyOf(supportedProviders);
  }

  /** Loads and validates {@code file}; {@code displayName} is how problems name the file. */
  public SecretSyncConfig load(Path file, String displayName) {
    Problems problems = new Problems(displayName);
    String text;
    try {
      text = read(file);
    } catch (NoSuchFileException e) {
      problems.add(0, 0, "", "config file not found (pass --config or set SECRETSYNC_CONFIG)");
      throw new ConfigException(problems.sorted());
    } catch (IOException e) {
      problems.add(0, 0, "", "cannot read the config file: " + IoProblems.describe(e));
      throw new ConfigException(problems.sorted());
    } catch (UnreadableConfig e) {
      problems.add(0, 0, "", e.getMessage());
      throw new ConfigException(problems.sorted());
    }
    return parse(text, file, problems);
  }

  /** The largest config read: far above any real one, far below what would exhaust memory. */
  static final long MAX_BYTES = 1024 * 1024;

  /** A config file that is there but cannot be a config; the message says why and what to do. */
  private static final class UnreadableConfig extends RuntimeException {
    UnreadableConfig(String message) {
      super(message, null, false, false);
    }
  }

  private static String read(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new UnreadableConfig(
          "the config path is a directory, not a file: pass the YAML file with --config");
    }
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new UnreadableConfig(
          "the config path is not a regular file (a device or pipe?): pass the YAML file with"
              + " --config");
    }
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      throw new UnreadableConfig(
          "the config file is too large ("
              + size
              + " bytes; limit "
              + MAX_BYTES
              + " bytes): is --config pointing at the right file?");
    }
    byte[] bytes = Files.readAllBytes(file);
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = utf8.decode(in, out, true);
    if (r.isError()) {
      throw new UnreadableConfig(
          "the config file is not UTF-8 text (invalid byte at offset "
              + in.position()
              + "): save it as UTF-8");
    }
    utf8.flush(out);
    return out.flip().toString();
  }

  /** Loads from text (tests, stdin). Relative paths resolve against {@code file}'s directory. */
  public SecretSyncConfig parse(String text, Path file, String displayName) {
    return parse(text, file, new Problems(displayName));
  }

  private SecretSyncConfig parse(String text, Path file, Problems problems) {
    Node root = compose(text, problems);
    problems.throwIfAny();
    if (root == null) {
      problems.add(1, 1, "", "the config file is empty (it needs at least a targets: section)");
      throw new ConfigException(problems.sorted());
    }
    YamlContext ctx = new YamlContext(problems, new Interpolator(env));
    SecretSyncConfig config = new ConfigBinder(ctx).bind(root, file);
    new ConfigValidator(ctx, supportedProviders).validate(config);
    problems.throwIfAny();
    return config;
  }

  private static Node compose(String text, Problems problems) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // we report duplicates ourselves, with their location
    options.setMaxAliasesForCollections(50);
    options.setCodePointLimit(10 * 1024 * 1024);
    try (Reader r = new java.io.StringReader(text)) {
      return new Yaml(options).compose(r);
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
      problems.add(
          m == null ? 0 : m.getLine() + 1,
          m == null ? 0 : m.getColumn() + 1,
          "",
          "malformed YAML: " + what.trim());
    } catch (YAMLException | IOException e) {
      problems.add(0, 0, "", "malformed YAML: " + e.getMessage());
    }
    return null;
  }
}
