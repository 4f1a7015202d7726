package dev.secretsync.provider.awssm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The split of a listing is a partition: whatever the account holds, every secret the single
 * listing would return is in exactly one stream.
 */
class ListingStreamsTest {
  private static final String CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_+=.@-";

  @Test
  void theBenchmarksTenThousandKeysSplitIntoTenEvenStreams() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      names.add(String.format("f%03d/s%05d", i % 100, i));
    }
    List<String> prefixes = ListingStreams.prefixes("", names);
    assertThat(prefixes).hasSize(ListingStreams.MAX_PREFIXES);
    Map<String, Integer> sizes = streamSizes("", prefixes, names);
    assertThat(sizes.values()).allSatisfy(n -> assertThat(n).isEqualTo(1000));
  }

  @Test
  void smallListingsAreNotSplit() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      names.add("app/s" + i);
    }
    assertThat(ListingStreams.prefixes("", names)).isEmpty();
  }

  @Test
  void streamsPartitionEveryPossibleAccountExactly() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      String namePrefix = random.nextBoolean() ? "" : "prod/";
      Set<String> expected = new TreeSet<>();
      int n = 300 + random.nextInt(3000);
      for (int i = 0; i < n; i++) {
        expected.add(namePrefix + randomName(random));
      }
      List<String> prefixes = ListingStreams.prefixes(namePrefix, expected);
      assertThat(prefixes.size()).isBetween(1, ListingStreams.MAX_PREFIXES);
      for (String a : prefixes) {
        assertThat(a).startsWith(namePrefix).isNotEqualTo(namePrefix);
        for (String b : prefixes) {
          assertThat(a.equals(b) || !b.startsWith(a)).as("%s and %s disjoint", a, b).isTrue();
        }
      }
      // The account: the expected names, strangers, and names equal to a split point.
      Set<String> account = new TreeSet<>(expected);
      for (int i = 0; i < 200; i++) {
        account.add((random.nextBoolean() ? namePrefix : "") + randomName(random));
      }
      for (String p : prefixes) {
        account.add(p);
        account.add(p.substring(0, p.length() - 1));
      }
      for (String name : account) {
        int in = 0;
        for (String p : prefixes) {
          in += name.startsWith(p) ? 1 : 0;
        }
        boolean rest = name.startsWith(namePrefix) && prefixes.stream().noneMatch(name::startsWith);
        in += rest ? 1 : 0;
        // Exactly once for what the single listing returns (the name_prefix filter), else never.
        assertThat(in).as(name).isEqualTo(name.startsWith(namePrefix) ? 1 : 0);
      }
    }
  }

  private static String randomName(Random random) {
    StringBuilder sb = new StringBuilder();
    int segments = 1 + random.nextInt(3);
    for (int s = 0; s < segments; s++) {
      if (s > 0) {
        sb.append('/');
      }
      int len = 1 + random.nextInt(8);
      for (int i = 0; i < len; i++) {
        // Skewed: most names share a few leading characters, as real key trees do.
        sb.append(
            random.nextInt(4) == 0
                ? CHARS.charAt(random.nextInt(CHARS.length()))
                : CHARS.charAt(random.nextInt(3)));
      }
    }
    return sb.toString();
  }

  private static Map<String, Integer> streamSizes(
      String namePrefix, List<String> prefixes, List<String> names) {
    Map<String, Integer> sizes = new HashMap<>();
    for (String name : names) {
      String stream = prefixes.stream().filter(name::startsWith).findFirst().orElse("<rest>");
      sizes.merge(stream, 1, Integer::sum);
    }
    return sizes;
  }
}
