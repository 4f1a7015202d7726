package dev.secretsync.provider.vault;

import dev.secretsync.core.SecretKey;
import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.RunContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Breadth-first listing of a KV mount: one LIST per folder, the folders of one level listed in
 * parallel (bounded by the run's I/O pool), a visited set so no folder is listed twice, and the
 * limits {@code max_traversal_depth} and {@code max_secrets_per_mount}.
 *
 * <p>The queue is an array with a head index; once the head passes {@code
 * queue_compaction_threshold} and more than half the array is behind it, the processed part is
 * dropped (logged at DEBUG with the old and new sizes), so very wide mounts do not keep every
 * folder they ever listed.
 *
 * <p>Names that do not make valid keys ({@code ..} or {@code .} segments, NUL and other control
 * characters, empty segments, backslashes) are skipped with a warning naming the path; dots inside
 * a name ({@code app.config}) are fine. A 403 or 404 on a sub-folder is a warning and the walk goes
 * on; a 403 on a configured root fails the source (an unreadable mount must not look empty).
 */
final class VaultLister {
  private static final Logger LOG = LoggerFactory.getLogger(VaultLister.class);

  private final String source;
  private final VaultKv kv;
  private final RunContext ctx;
  private final int maxDepth;
  private final int maxSecrets;
  private final int compactionThreshold;

  private record Folder(String path, int depth, boolean root) {}

  VaultLister(
      String source,
      VaultKv kv,
      RunContext ctx,
      int maxDepth,
      int maxSecrets,
      int compactionThreshold) {
    this.source = source;
    this.kv = kv;
    this.ctx = ctx;
    this.maxDepth = maxDepth;
    this.maxSecrets = maxSecrets;
    this.compactionThreshold =
        compactionThreshold > 0
            ? compactionThreshold
            : Math.max(1, Math.min(1000, maxSecrets / 100));
  }

  /** Lists every key below {@code paths} (folders relative to the mount; "" = all), sorted. */
  List<SecretKey> list(List<String> paths) {
    List<Folder> queue = new ArrayList<>();
    Set<String> visited = new HashSet<>();
    for (String p : paths) {
      String folder = p.replaceAll("^/+|/+$", "");
      if (!folder.isEmpty()) {
        String problem = SecretKey.problem(folder);
        if (problem != null) {
          throw fail("paths entry \"" + printable(p) + "\" " + problem);
        }
      }
      int depth = folder.isEmpty() ? 0 : folder.split("/").length;
      folder = folder.isEmpty() ? "" : folder + "/";
      checkDepth(folder, depth);
      if (visited.add(folder)) {
        queue.add(new Folder(folder, depth, true));
      }
    }
    TreeSet<SecretKey> found = new TreeSet<>();
    int head = 0;
    int listed = 0;
    while (head < queue.size()) {
      List<Folder> level = List.copyOf(queue.subList(head, queue.size()));
      List<VaultKv.Listing> answers =
          VaultParallel.map(ctx, level, f -> kv.list(f.path()), "vault.list");
      for (int i = 0; i < level.size(); i++) {
        accept(level.get(i), answers.get(i), queue, visited, found);
      }
      listed += level.size();
      head += level.size();
      if (head > compactionThreshold && head > queue.size() / 2) {
        int before = queue.size();
        queue.subList(0, head).clear();
        head = 0;
        LOG.debug(
            "source {}: compacted the listing queue from {} to {} entries (threshold {})",
            source,
            before,
            queue.size(),
            compactionThreshold);
      }
    }
    LOG.debug(
        "source {}: {} secrets in {} folders of mount \"{}\" (KV v{})",
        source,
        found.size(),
        listed,
        kv.name(),
        kv.version());
    return List.copyOf(found);
  }

  private void accept(
      Folder folder,
      VaultKv.Listing answer,
      List<Folder> queue,
      Set<String> visited,
      Set<SecretKey> found) {
    String where = kv.display(folder.path());
    if (answer.denied()) {
      if (folder.root()) {
        throw fail("cannot list \"" + where + "\": " + answer.refused().describeError());
      }
      warn("skipped folder \"" + where + "\": " + answer.refused().describeError());
      return;
    }
    if (answer.notFound()) {
      warn(
          folder.root()
              ? "nothing to list at \"" + where + "\" (empty or missing; check the mount and paths)"
              : "skipped folder \"" + where + "\": it vanished while listing");
      return;
    }
    for (String name : answer.keys()) {
      String path = folder.path() + name;
      boolean isFolder = name.endsWith("/");
      String bare = isFolder ? path.substring(0, path.length() - 1) : path;
      String problem = name.isEmpty() || name.equals("/") ? "is empty" : null;
      if (problem == null) {
        problem = SecretKey.problem(bare);
      }
      if (problem != null) {
        warn(
            "skipped "
                + (isFolder ? "folder" : "secret")
                + " \""
                + printable(kv.display(path))
                + "\": the name "
                + problem);
        continue;
      }
      if (isFolder) {
        checkDepth(path, folder.depth() + 1);
        if (visited.add(path)) {
          queue.add(new Folder(path, folder.depth() + 1, false));
        }
      } else if (found.add(SecretKey.of(path)) && found.size() > maxSecrets) {
        throw fail(
            "more than vault.max_secrets_per_mount ("
                + maxSecrets
                + ") secrets in mount \""
                + kv.name()
                + "\" (limit hit while listing \""
                + where
                + "\")");
      }
    }
  }

  private void checkDepth(String folder, int depth) {
    if (depth > maxDepth) {
      throw fail(
          "vault.max_traversal_depth ("
              + maxDepth
              + ") exceeded at \""
              + printable(kv.display(folder))
              + "\" (depth "
              + depth
              + ")");
    }
  }

  private void warn(String message) {
    ctx.warnings().warn("source " + source + ": " + message);
  }

  private ProviderException fail(String message) {
    // No "source X:" prefix: the engine names the failed source.
    return new ProviderException("vault", "list", false, message);
  }

  /** The path with control characters escaped, so a warning stays one readable line. */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
    }
    return sb.toString();
  }
}
