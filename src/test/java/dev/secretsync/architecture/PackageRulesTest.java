package dev.secretsync.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The "may use" column of DESIGN.md §2, enforced. Providers may also read their own config records
 * (package {@code config}); see DESIGN notes in CONTRIBUTING.md.
 */
class PackageRulesTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.secretsync");
  }

  @Test
  void coreUsesOnlyTheJdk() {
    classes()
        .that()
        .resideInAPackage("dev.secretsync.core..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "javax.crypto..", "dev.secretsync.core..")
        .check(classes);
  }

  /** Templates are parsed at config load, so a template typo is a config error with its place. */
  @Test
  void configUsesOnlyCoreAndTemplate() {
    onlyProjectDeps("config", "core", "template").check(classes);
  }

  /** DESIGN.md §6: the agent reaches providers only through ProviderRegistry (spi). */
  @Test
  void agentUsesSpiCoreConfigObservabilityTemplate() {
    onlyProjectDeps("agent", "spi", "core", "config", "observability", "template").check(classes);
  }

  @Test
  void spiUsesCoreAndConfig() {
    onlyProjectDeps("spi", "core", "config").check(classes);
  }

  @Test
  void engineUsesSpiCoreConfigObservability() {
    onlyProjectDeps("engine", "spi", "core", "config", "observability").check(classes);
  }

  @Test
  void templateUsesOnlyCoreAndTheJdk() {
    classes()
        .that()
        .resideInAPackage("dev.secretsync.template..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "dev.secretsync.core..", "dev.secretsync.template..")
        .check(classes);
  }

  /** DESIGN.md §6: discovery reads config and the merge store (spi); never providers or engine. */
  @Test
  void discoveryUsesSpiCoreConfigResilienceObservability() {
    onlyProjectDeps("discovery", "spi", "core", "config", "resilience", "observability")
        .check(classes);
  }

  @Test
  void reportUsesOnlyCore() {
    onlyProjectDeps("report", "core").check(classes);
  }

  @Test
  void resilienceAndObservabilityStandAlone() {
    onlyProjectDeps("resilience").check(classes);
    onlyProjectDeps("observability").check(classes);
  }

  @Test
  void planUsesCoreConfig() {
    onlyProjectDeps("plan", "core", "config").check(classes);
  }

  @Test
  void providersUseSpiCoreConfigResilienceObservability() {
    classes()
        .that()
        .resideInAPackage("dev.secretsync.provider..")
        .should()
        .onlyDependOnClassesThat()
        .resideOutsideOfPackages(
            "dev.secretsync.cli..",
            "dev.secretsync.engine..",
            "dev.secretsync.report..",
            "dev.secretsync.discovery..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void providersNeverUseEachOther() {
    slices()
        .matching("dev.secretsync.provider.(*)..")
        .should()
        .notDependOnEachOther()
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void onlyTheCliUsesPicocli() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.secretsync.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("picocli..")
        .check(classes);
  }

  private static com.tngtech.archunit.lang.ArchRule onlyProjectDeps(String pkg, String... allowed) {
    String[] others =
        java.util.stream.Stream.of(
                "cli",
                "config",
                "core",
                "spi",
                "engine",
                "provider",
                "discovery",
                "resilience",
                "observability",
                "report",
                "template",
                "agent",
                "plan")
            .filter(p -> !p.equals(pkg) && !java.util.List.of(allowed).contains(p))
            .map(p -> "dev.secretsync." + p + "..")
            .toArray(String[]::new);
    return noClasses()
        .that()
        .resideInAPackage("dev.secretsync." + pkg + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(others)
        .allowEmptyShould(true);
  }
}
