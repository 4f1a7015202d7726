package dev.secretsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.core.TargetGraph;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sources start in the order the targets need them, not by name. */
class SourceStartOrderTest {

  @Test
  void aSourceEveryTargetImportsStartsFirstEvenWhenItsNameSortsLast() {
    Map<String, List<String>> imports = new LinkedHashMap<>();
    imports.put("T2", List.of("shared", "own-2"));
    imports.put("T1", List.of("shared", "own-1"));
    imports.put("Child", List.of("T1", "extra"));
    TargetGraph graph =
        TargetGraph.of(imports, Set.of("shared", "own-1", "own-2", "extra", "unused"));

    assertThat(Pipeline.sourceStartOrder(graph, Set.of("T1", "T2", "Child")))
        .containsExactly("shared", "own-1", "own-2", "extra");
    assertThat(Pipeline.sourceStartOrder(graph, Set.of("T2"))).containsExactly("shared", "own-2");
  }
}
