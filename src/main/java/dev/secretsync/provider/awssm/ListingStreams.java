package dev.secretsync.provider.awssm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Splits one ListSecrets listing into streams AWS can page through in parallel. A listing is a
 * chain of pages, each needing the previous page's {@code NextToken}, so 10,000 secrets are 100
 * sequential round trips. Streams are chosen from the names the plan expects: up to {@link
 * #MAX_PREFIXES} disjoint name prefixes that split those names evenly, each listed with a {@code
 * name} filter, plus one stream for the rest — every name under the target's prefix that matches
 * none of them ({@code name: !p} filters, which AWS ANDs). The streams partition the listing
 * exactly: nothing the single listing would return is missed (unmanaged secrets that would clash,
 * owned ones that became orphans) and nothing is counted twice.
 *
 * <p>ListSecrets takes at most 10 filters, so the rest stream can exclude at most 9 prefixes next
 * to the target's own {@code name_prefix}. Each extra stream may end on a partly filled page, so a
 * split costs at most one call per stream over the single listing; small listings (fewer than
 * {@link #MIN_NAMES_TO_SPLIT} expected names) are not split at all.
 */
final class ListingStreams {
  /** Disjoint prefixes at most: with the rest stream's own prefix filter, ListSecrets' 10. */
  static final int MAX_PREFIXES = 9;

  /** Below this many expected names (3 pages) one listing is as fast and never costs more. */
  static final int MIN_NAMES_TO_SPLIT = 300;

  /** About this many expected names (4 pages) per stream at least, so a split pays for itself. */
  static final int MIN_NAMES_PER_STREAM = 400;

  private ListingStreams() {}

  /**
   * Disjoint prefixes, each extending {@code namePrefix}, that split {@code expected} (the names
   * the plan will look for) into groups of similar size, at most {@link #MAX_PREFIXES}; the names
   * under none of them are the rest stream's. Empty when the listing should not be split.
   */
  static List<String> prefixes(String namePrefix, Collection<String> expected) {
    List<String> names = new ArrayList<>(new TreeSet<>(expected));
    names.removeIf(n -> !n.startsWith(namePrefix));
    if (names.size() < MIN_NAMES_TO_SPLIT) {
      return List.of();
    }
    int streams = Math.min(MAX_PREFIXES + 1, Math.max(2, names.size() / MIN_NAMES_PER_STREAM));
    int share = names.size() / streams;
    // Sorted names: the names under a prefix are one contiguous run. Expand every node bigger than
    // one stream's share into its children until each is at most that (or cannot be split), then
    // give the biggest nodes a stream each; the smaller ones, and names that end where a node was
    // split, fall to the rest stream.
    List<Node> done = new ArrayList<>();
    List<Node> open = new ArrayList<>(List.of(new Node(namePrefix, 0, names.size())));
    while (!open.isEmpty()) {
      Node n = open.remove(open.size() - 1);
      List<Node> children = n.size() > share ? split(n, names) : List.of();
      if (children.isEmpty()) {
        done.add(n);
      } else {
        open.addAll(children);
      }
    }
    done.removeIf(n -> n.prefix().equals(namePrefix));
    done.sort(Comparator.comparingInt(Node::size).reversed());
    List<String> out = new ArrayList<>();
    for (Node n : done.subList(0, Math.min(streams - 1, done.size()))) {
      out.add(n.prefix());
    }
    Collections.sort(out);
    return out;
  }

  /**
   * The children of {@code node}: the distinct next characters of its names, each as the longest
   * prefix shared by all names under it (so a chain of single children costs nothing). Names equal
   * to the node's prefix have no child: the rest stream lists them.
   */
  private static List<Node> split(Node node, List<String> names) {
    List<Node> out = new ArrayList<>();
    int depth = node.prefix().length();
    int i = node.from();
    while (i < node.to()) {
      String n = names.get(i);
      if (n.length() == depth) {
        i++;
        continue;
      }
      char c = n.charAt(depth);
      int j = i + 1;
      while (j < node.to() && names.get(j).length() > depth && names.get(j).charAt(depth) == c) {
        j++;
      }
      out.add(new Node(commonPrefix(names, i, j), i, j));
      i = j;
    }
    if (out.size() == 1 && out.get(0).prefix().length() > depth) {
      // One child only: descend (its common prefix is longer), and split that instead.
      return split(out.get(0), names);
    }
    return out;
  }

  private static String commonPrefix(List<String> names, int from, int to) {
    String first = names.get(from);
    String last = names.get(to - 1); // sorted: the first and last share what all share
    int k = 0;
    while (k < first.length() && k < last.length() && first.charAt(k) == last.charAt(k)) {
      k++;
    }
    return first.substring(0, k);
  }

  /** A prefix and the run of sorted names under it. */
  private record Node(String prefix, int from, int to) {
    int size() {
      return to - from;
    }
  }
}
