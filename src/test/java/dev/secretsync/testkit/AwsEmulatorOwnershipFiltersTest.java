package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * The ListSecrets filters a prefixed target uses to find its owned secrets outside its prefix, per
 * the {@code Filter} type of the API reference: "tag-key: Prefix match, case-sensitive",
 * "tag-value: Prefix match, case-sensitive", a value prefixed with "!" negates, and several filters
 * must all match — but a tag-key and a tag-value filter need not match the same tag, so the caller
 * still checks the tag pair itself.
 */
class AwsEmulatorOwnershipFiltersTest {
  AwsEmulator emulator;
  SecretsManagerClient sm;

  @BeforeEach
  void start() {
    emulator = AwsEmulator.start();
    sm = AwsEmulatorClients.secretsManager(emulator);
  }

  @AfterEach
  void stop() {
    sm.close();
    emulator.close();
  }

  @Test
  void tagFiltersArePrefixMatchesAndedWithANegatedName() {
    create("v2/a", tag("secretsync:target", "Staging"));
    create("old/a", tag("secretsync:target", "Staging"));
    create("old/b", tag("secretsync:target", "Staging2"));
    create("old/c", tag("secretsync:target", "Production"), tag("team", "Staging"));
    create("old/d", tag("secretsync:targets", "x"));

    List<String> names =
        sm
            .listSecrets(
                r ->
                    r.filters(
                        filter(FilterNameStringType.TAG_KEY, "secretsync:target"),
                        filter(FilterNameStringType.TAG_VALUE, "Staging"),
                        filter(FilterNameStringType.NAME, "!v2/")))
            .secretList()
            .stream()
            .map(SecretListEntry::name)
            .toList();

    assertThat(names)
        .as("old/b: value prefix; old/c: key and value on different tags")
        .containsExactly("old/a", "old/b", "old/c");
  }

  private void create(String name, Tag... tags) {
    sm.createSecret(r -> r.name(name).secretString("{}").tags(tags));
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }

  private static Filter filter(FilterNameStringType key, String value) {
    return Filter.builder().key(key).values(value).build();
  }
}
