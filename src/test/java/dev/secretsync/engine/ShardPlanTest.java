package dev.secretsync.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretsync.config.ConfigLoader;
import dev.secretsync.config.SecretSyncConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rendezvous assignment of write domains to shards. */
class ShardPlanTest {
  private static final Set<String> PROVIDERS =
      Set.of("source:file", "target:file", "target:aws_secretsmanager", "store:memory");

  @TempDir Path dir;

  private SecretSyncConfig config(String yaml) throws Exception {
    Path f = dir.resolve("secretsync.yaml");
    Files.writeString(f, "sources:\n  s: {file: {path: s.json}}\n" + yaml);
    Files.writeString(dir.resolve("s.json"), "{}");
    return new ConfigLoader(Map.of("AWS_REGION", "eu-west-1"), PROVIDERS)
        .load(f, "secretsync.yaml");
  }

  @Test
  void targetsOfOneAccountAndRegionShareAShardAndEveryTargetHasExactlyOne() throws Exception {
    StringBuilder y = new StringBuilder("targets:\n");
    for (int a = 0; a < 50; a++) {
      String account = String.format("%012d", 400_000_000_000L + a);
      y.append(String.format("  a%02d: {imports: [s], account_id: \"%s\"}%n", a, account));
      y.append(
          String.format(
              "  b%02d: {imports: [s], account_id: \"%s\", name_prefix: b/}%n", a, account));
      y.append(
          String.format(
              "  c%02d: {imports: [s], role_arn: \"arn:aws:iam::%s:role/R\", region: us-east-2}%n",
              a, account));
    }
    y.append("  files1: {type: file, imports: [s], path: out}\n");
    SecretSyncConfig c = config(y.toString());
    ShardPlan plan = ShardPlan.of(c, Map.of("AWS_REGION", "eu-west-1"), 4);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      for (String t : plan.targetsOf(i)) {
        assertThat(seen.add(t)).as("%s in one shard only", t).isTrue();
      }
      assertThat(plan.targetsOf(i)).as("shard %d gets some of 101 domains", i).isNotEmpty();
    }
    assertThat(seen).hasSize(c.targets().size());
    for (int a = 0; a < 50; a++) {
      String n = String.format("%02d", a);
      assertThat(plan.shardOf("b" + n)).isEqualTo(plan.shardOf("a" + n));
      assertThat(plan.domainOf("c" + n)).endsWith("/us-east-2").contains("40000000");
    }
    assertThat(plan.domainOf("files1")).isEqualTo("file:" + dir.resolve("out"));
  }

  @Test
  void addingAShardMovesOnlyTheDomainsTheNewShardWins() throws Exception {
    StringBuilder y = new StringBuilder("targets:\n");
    for (int a = 0; a < 400; a++) {
      y.append(
          String.format(
              "  t%03d: {imports: [s], account_id: \"%012d\"}%n", a, 500_000_000_000L + a));
    }
    SecretSyncConfig c = config(y.toString());
    ShardPlan four = ShardPlan.of(c, Map.of(), 4);
    ShardPlan five = ShardPlan.of(c, Map.of(), 5);
    int moved = 0;
    for (String t : c.targets().keySet()) {
      if (four.shardOf(t) != five.shardOf(t)) {
        moved++;
        assertThat(five.shardOf(t)).as("a moved domain goes to the new shard").isEqualTo(4);
      }
    }
    // About a fifth moves; modulo hashing would move about four fifths.
    assertThat(moved).isBetween(40, 130);
  }

  @Test
  void shardTextIsParsedStrictly() {
    assertThat(Shard.parse("2/4")).isEqualTo(new Shard(2, 4));
    assertThat(Shard.parse(" 0/1 ")).isEqualTo(new Shard(0, 1));
    assertThatThrownBy(() -> Shard.parse("4/4")).hasMessageContaining("below the count (0 to 3)");
    assertThatThrownBy(() -> Shard.parse("0/0")).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> Shard.parse("-1/4")).hasMessageContaining("below the count");
    assertThatThrownBy(() -> Shard.parse("x")).hasMessageContaining("is not a shard");
    assertThatThrownBy(() -> Shard.parse("1/")).hasMessageContaining("is not a shard");
  }
}
