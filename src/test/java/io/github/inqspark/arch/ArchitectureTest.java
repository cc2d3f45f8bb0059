package io.github.inqspark.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the rooms of docs/architecture.md apart and the INQ numerics free of Spark, DL4J and files. */
class ArchitectureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.inqspark");

    @Test
    void coreIsPureJava() {
        classes().that().resideInAPackage("..core..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.github.inqspark.core..", "java.lang..",
                        "java.util..", "java.nio", "java.io")
                .because("the INQ numerics must be testable without Spark, DL4J or a file system")
                .check(CLASSES);
    }

    @Test
    void coreDoesNotTouchFiles() {
        classes().that().resideInAPackage("..core..")
                .should().onlyDependOnClassesThat().haveNameNotMatching("java\\.io\\.File.*|java\\.nio\\.file\\..*")
                .check(CLASSES);
    }

    @Test
    void dependenciesPointDownward() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("cli").definedBy("..cli..")
                .layer("pipeline").definedBy("..pipeline..")
                .layer("train").definedBy("..train..")
                .layer("store").definedBy("..store..")
                .layer("data").definedBy("..data..")
                .layer("export").definedBy("..export..")
                .layer("model").definedBy("..model..")
                .layer("core").definedBy("..core..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("pipeline").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("train").mayOnlyBeAccessedByLayers("pipeline", "cli")
                .whereLayer("store").mayOnlyBeAccessedByLayers("pipeline", "cli")
                .whereLayer("data").mayOnlyBeAccessedByLayers("pipeline", "cli", "train")
                .whereLayer("export").mayOnlyBeAccessedByLayers("pipeline", "cli")
                .whereLayer("model").mayOnlyBeAccessedByLayers("pipeline", "cli", "train", "store", "export", "data")
                .check(CLASSES);
    }

    @Test
    void storeDoesNotTrainAndTrainDoesNotTouchFiles() {
        classes().that().resideInAPackage("..train..")
                .should().onlyDependOnClassesThat().haveNameNotMatching("org\\.apache\\.hadoop\\.fs\\..*|java\\.nio\\.file\\..*")
                .allowEmptyShould(true)
                .check(CLASSES);
        classes().that().resideInAPackage("..export..")
                .should().onlyDependOnClassesThat().resideOutsideOfPackage("org.apache.spark..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }
}
