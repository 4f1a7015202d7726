package dev.secretsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetGraphTest {
  private static final List<String> SOURCES = List.of("analytics", "data-engineers", "shared");

  /** The seed layout: Staging ← Production ← Demo, plus two independent targets. */
  private static TargetGraph seedGraph() {
    Map<String, List<String>> imports = new LinkedHashMap<>();
    imports.put("Demo", List.of("Production"));
    imports.put("Production", List.of("Staging"));
    imports.put("Staging", List.of("analytics", "data-engineers"));
    imports.put("Sandbox", List.of("shared"));
    imports.put("Analytics", List.of("analytics", "shared", "Staging"));
    return TargetGraph.of(imports, SOURCES);
  }

  @Test
  void levels() {
    TargetGraph g = seedGraph();
    assertThat(g.level("Staging")).isEqualTo(1);
    assertThat(g.level("Sandbox")).isEqualTo(1);
    assertThat(g.level("Production")).isEqualTo(2);
    assertThat(g.level("Demo")).isEqualTo(3);
    assertThat(g.level("Analytics")).isEqualTo(2);
  }

  @Test
  void sourcesAreNotTargetsAndHaveNoTargetLevel() {
    TargetGraph g = seedGraph();
    assertThat(g.isSource("analytics")).isTrue();
    assertThat(g.isTarget("analytics")).isFalse();
    assertThat(g.isTarget("Staging")).isTrue();
    assertThat(g.isSource("Staging")).isFalse();
    assertThatThrownBy(() -> g.level("analytics"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown target \"analytics\"");
  }

  @Test
  void targetWithoutImportsIsLevelOne() {
    TargetGraph g = TargetGraph.of(Map.of("OverridesOnly", List.of()), List.of());
    assertThat(g.level("OverridesOnly")).isEqualTo(1);
    assertThat(g.order()).containsExactly("OverridesOnly");
  }

  @Test
  void levelIsOnePlusTheHighestImportedTarget() {
    Map<String, List<String>> imports = new LinkedHashMap<>();
    imports.put("A", List.of("s"));
    imports.put("B", List.of("A"));
    imports.put("C", List.of("A", "s"));
    imports.put("D", List.of("B", "C"));
    imports.put("E", List.of("s", "A", "D"));
    TargetGraph g = TargetGraph.of(imports, List.of("s"));
    assertThat(g.level("A")).isEqualTo(1);
    assertThat(g.level("B")).isEqualTo(2);
    assertThat(g.level("C")).isEqualTo(2);
    assertThat(g.level("D")).isEqualTo(3);
    assertThat(g.level("E")).isEqualTo(4);
  }

  @Test
  void orderIsByLevelThenName() {
    TargetGraph g = seedGraph();
    assertThat(g.order()).containsExactly("Sandbox", "Staging", "Analytics", "Production", "Demo");
    assertThat(g.byLevel())
        .containsExactly(
            Map.entry(1, List.of("Sandbox", "Staging")),
            Map.entry(2, List.of("Analytics", "Production")),
            Map.entry(3, List.of("Demo")));
  }

  @Test
  void orderPutsEveryTargetAfterItsImportsEvenWhenNamesSortTheOtherWay() {
    Map<String, List<String>> imports = new LinkedHashMap<>();
    imports.put("Alpha", List.of("Zeta"));
    imports.put("Zeta", List.of("s"));
    imports.put("Beta", List.of("Alpha"));
    TargetGraph g = TargetGraph.of(imports, List.of("s"));
    assertThat(g.order()).containsExactly("Zeta", "Alpha", "Beta");
    List<String> order = g.order();
    for (String t : order) {
      for (String dep : g.targetDependencies(t)) {
        assertThat(order.indexOf(dep)).isLessThan(order.indexOf(t));
      }
    }
  }

  @Test
  void orderOfASubset() {
    TargetGraph g = seedGraph();
    assertThat(g.orderOf(List.of("Demo", "Sandbox", "Production")))
        .containsExactly("Sandbox", "Production", "Demo");
    assertThatThrownBy(() -> g.orderOf(List.of("Nope", "Demo")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Nope");
  }

  @Test
  void twoCycle() {
    Map<String, List<String>> imports = new LinkedHashMap<>();
    imports.put("B", List.of("A"));
    imports.put("A", List.of("B"));
    assertThatThrownBy(() -> TargetGraph.of(imports, List.of()))
        .isInstanceOf(TargetGraph.GraphException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("circular dependency detected in target inheritance: A -> B -> A");
    assertThat(TargetGraph.findCycle(imports)).containsExactly("A", "B", "A");
  }

  @Test
  void selfImport() {
    assertThatThrownBy(() -> TargetGraph.of(Map.of("A", List.of("s", "A")), List.of("s")))
        .isInstanceOf(TargetGraph.GraphException.class)
        .hasMessage("circular dependency detected in target inheritance: A -> A");
    assertThat(TargetGraph.findCycle(Map.of("A", List.of("A")))).containsExactly("A", "A");
  }

  @Test
  void threeCycle() {
    Map<String, List<String>> imports = new LinkedHashMap<>();
    imports.put("C", List.of("A"));
    imports.put("B", List.of("C"));
    imports.put("A", List.of("s", "B"));
    assertThatThrownBy(() -> TargetGraph.of(imports, List.of("s")))
        .isInstanceOf(TargetGraph.GraphException.class)
        .hasMessage("circular dependency detected in target inheritance: A -> B -> C -> A");
  }

  @Test
  void cycleBehindAnAcyclicPrefixNamesOnlyTheCycle() {
    Map<String, List<String>> imports = new LinkedHashMap<>();
    imports.put("A", List.of("B"));
    imports.put("B", List.of("C"));
    imports.put("C", List.of("D"));
    imports.put("D", List.of("B"));
    assertThatThrownBy(() -> TargetGraph.of(imports, List.of()))
        .hasMessage("circular dependency detected in target inheritance: B -> C -> D -> B");
  }

  @Test
  void findCycleIgnoresSourcesAndReturnsEmptyForADag() {
    Map<String, List<String>> imports = new LinkedHashMap<>();
    imports.put("A", List.of("s", "unknown"));
    imports.put("B", List.of("A", "A"));
    assertThat(TargetGraph.findCycle(imports)).isEmpty();
    assertThat(TargetGraph.findCycle(Map.of())).isEmpty();
  }

  @Test
  void findCycleIsDeterministic() {
    Map<String, List<String>> imports = new LinkedHashMap<>();
    imports.put("Y", List.of("X"));
    imports.put("X", List.of("Y"));
    imports.put("Q", List.of("P"));
    imports.put("P", List.of("Q"));
    for (int i = 0; i < 5; i++) {
      assertThat(TargetGraph.findCycle(imports)).containsExactly("P", "Q", "P");
    }
  }

  @Test
  void unknownImport() {
    Map<String, List<String>> imports = new LinkedHashMap<>();
    imports.put("Staging", List.of("analytics"));
    imports.put("Production", List.of("Stg"));
    assertThatThrownBy(() -> TargetGraph.of(imports, SOURCES))
        .isInstanceOf(TargetGraph.GraphException.class)
        .hasMessage("target \"Production\" imports unknown source or target \"Stg\"");
  }

  @Test
  void closureAddsTransitiveTargetDependencies() {
    TargetGraph g = seedGraph();
    assertThat(g.closure(List.of("Demo")))
        .containsExactlyInAnyOrder("Demo", "Production", "Staging");
    assertThat(g.closure(List.of("Staging"))).containsExactly("Staging");
    assertThat(g.closure(List.of("Sandbox", "Production")))
        .containsExactlyInAnyOrder("Sandbox", "Production", "Staging");
    assertThat(g.closure(List.of("Analytics", "Demo")))
        .containsExactlyInAnyOrder("Analytics", "Demo", "Production", "Staging");
    assertThat(g.closure(List.of())).isEmpty();
    assertThat(g.closure(List.of("Demo", "Demo"))).hasSize(3);
  }

  @Test
  void closureOfDiamondVisitsEachTargetOnce() {
    Map<String, List<String>> imports = new LinkedHashMap<>();
    imports.put("A", List.of("s"));
    imports.put("B", List.of("A"));
    imports.put("C", List.of("A"));
    imports.put("D", List.of("B", "C"));
    TargetGraph g = TargetGraph.of(imports, List.of("s"));
    assertThat(g.closure(List.of("D"))).containsExactlyInAnyOrder("A", "B", "C", "D");
    assertThat(g.orderOf(g.closure(List.of("D")))).containsExactly("A", "B", "C", "D");
  }

  @Test
  void closureRejectsUnknownTargetsListingTheKnownOnes() {
    TargetGraph g = seedGraph();
    assertThatThrownBy(() -> g.closure(List.of("Nope")))
        .isInstanceOf(TargetGraph.GraphException.class)
        .hasMessage(
            "unknown target \"Nope\" (known: Analytics, Demo, Production, Sandbox, Staging)");
    assertThatThrownBy(() -> g.closure(List.of("analytics")))
        .isInstanceOf(TargetGraph.GraphException.class)
        .hasMessageStartingWith("unknown target \"analytics\"");
  }

  @Test
  void sourcesOfAreTheDirectSourceImportsSorted() {
    TargetGraph g = seedGraph();
    assertThat(g.sourcesOf(List.of("Staging"))).containsExactly("analytics", "data-engineers");
    assertThat(g.sourcesOf(List.of("Demo"))).isEmpty();
    assertThat(g.sourcesOf(g.closure(List.of("Demo"))))
        .containsExactly("analytics", "data-engineers");
    assertThat(g.sourcesOf(List.of("Sandbox", "Analytics"))).containsExactly("analytics", "shared");
    assertThat(g.sourcesOf(g.targets())).containsExactly("analytics", "data-engineers", "shared");
  }

  @Test
  void dependents() {
    TargetGraph g = seedGraph();
    assertThat(g.dependents("Staging")).containsExactly("Analytics", "Production");
    assertThat(g.dependents("Production")).containsExactly("Demo");
    assertThat(g.dependents("Demo")).isEmpty();
    assertThat(g.dependents("shared")).containsExactly("Analytics", "Sandbox");
  }

  @Test
  void importsAndTargetDependencies() {
    TargetGraph g = seedGraph();
    assertThat(g.importsOf("Analytics")).containsExactly("analytics", "shared", "Staging");
    assertThat(g.targetDependencies("Analytics")).containsExactly("Staging");
    assertThat(g.targetDependencies("Staging")).isEmpty();
    assertThat(g.targets())
        .containsExactlyInAnyOrder("Analytics", "Demo", "Production", "Sandbox", "Staging");
    assertThatThrownBy(() -> g.importsOf("Nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown target \"Nope\"");
  }

  @Test
  void duplicateTargetImportCountsOnce() {
    Map<String, List<String>> imports = new LinkedHashMap<>();
    imports.put("A", List.of("s"));
    imports.put("B", List.of("A", "A"));
    TargetGraph g = TargetGraph.of(imports, List.of("s"));
    assertThat(g.targetDependencies("B")).containsExactly("A");
    assertThat(g.level("B")).isEqualTo(2);
  }

  @Test
  void copiesItsInput() {
    Map<String, List<String>> imports = new LinkedHashMap<>();
    List<String> stagingImports = new ArrayList<>(List.of("analytics"));
    imports.put("Staging", stagingImports);
    TargetGraph g = TargetGraph.of(imports, new ArrayList<>(SOURCES));
    stagingImports.add("shared");
    imports.put("Later", List.of("Staging"));
    assertThat(g.importsOf("Staging")).containsExactly("analytics");
    assertThat(g.targets()).containsExactly("Staging");
    assertThatThrownBy(() -> g.importsOf("Staging").add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void manyTargetsChain() {
    Map<String, List<String>> imports = new LinkedHashMap<>();
    imports.put("T000", List.of("s"));
    for (int i = 1; i < 200; i++) {
      imports.put(String.format("T%03d", i), List.of(String.format("T%03d", i - 1)));
    }
    TargetGraph g = TargetGraph.of(imports, Set.of("s"));
    assertThat(g.level("T199")).isEqualTo(200);
    assertThat(g.closure(List.of("T199"))).hasSize(200);
    assertThat(g.order().get(0)).isEqualTo("T000");
  }
}
