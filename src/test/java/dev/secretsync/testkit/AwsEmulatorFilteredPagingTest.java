package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SortOrderType;

/**
 * ListSecrets pages through a filtered listing as the API reference describes ("MaxResults … the
 * number of results to include in the response"; "NextToken … to get the next results"): every
 * match once, in creation order (reversed with {@code SortOrder=desc}), full pages until the last,
 * which has no NextToken — also when the matches are sparse, the page boundary falls on the last
 * match, or the listing is filtered page by page rather than all at once (the benchmark's
 * 100,000-secret listings).
 */
class AwsEmulatorFilteredPagingTest {
  AwsEmulator emulator;
  SecretsManagerClient sm;

  @BeforeEach
  void start() {
    emulator = AwsEmulator.start();
    sm = AwsEmulatorClients.secretsManager(emulator);
    for (int i = 0; i < 60; i++) {
      // One secret in three under a/, the rest under b/.
      String name = (i % 3 == 0 ? "a/" : "b/") + String.format("s%02d", i);
      sm.createSecret(r -> r.name(name).secretString("{}"));
    }
  }

  @AfterEach
  void stop() {
    sm.close();
    emulator.close();
  }

  @Test
  void everyMatchOnceInCreationOrderBothWays() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 60; i += 3) {
      expected.add(String.format("a/s%02d", i));
    }
    for (int max : new int[] {1, 3, 7, 20, 100}) {
      assertThat(all("a/", max, SortOrderType.ASC)).as("max %d", max).isEqualTo(expected);
      List<String> reversed = new ArrayList<>(expected);
      Collections.reverse(reversed);
      assertThat(all("a/", max, SortOrderType.DESC)).as("max %d desc", max).isEqualTo(reversed);
    }
    assertThat(all("!a/", 7, SortOrderType.ASC)).hasSize(40).allMatch(n -> n.startsWith("b/"));
  }

  /** Pages through the listing; checks page sizes and that only the last page lacks a token. */
  private List<String> all(String namePrefix, int max, SortOrderType order) {
    List<String> names = new ArrayList<>();
    String token = null;
    do {
      String t = token;
      ListSecretsResponse page =
          sm.listSecrets(
              r ->
                  r.filters(
                          Filter.builder()
                              .key(FilterNameStringType.NAME)
                              .values(namePrefix)
                              .build())
                      .maxResults(max)
                      .sortOrder(order)
                      .nextToken(t));
      page.secretList().stream().map(SecretListEntry::name).forEach(names::add);
      token = page.nextToken();
      if (token != null) {
        assertThat(page.secretList()).as("a page before the last is full").hasSize(max);
      }
    } while (token != null);
    return names;
  }
}
