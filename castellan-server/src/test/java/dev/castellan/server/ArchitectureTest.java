package dev.castellan.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the dependency direction of ARCHITECTURE.md: edges and adapters point inward, the core depends on the
 * JDK and BouncyCastle alone and reads no clock or randomness of its own, and only the server sees everything.
 */
class ArchitectureTest {
    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.castellan");
    }

    @Test
    void core_dependsOnJdkAndBouncyCastleOnly() {
        classes().that().resideInAPackage("dev.castellan.core..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax..", "org.bouncycastle..", "dev.castellan.core..")
                .check(production);
    }

    @Test
    void core_readsNoAmbientClockOrRandomness() {
        noClasses().that().resideInAPackage("dev.castellan.core..")
                .should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callConstructor(java.security.SecureRandom.class)
                .orShould().callConstructor(java.util.Date.class)
                .check(production);
    }

    @Test
    void authority_knowsNoAdapterNorEdge() {
        noClasses().that().resideInAPackage("dev.castellan.authority..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.castellan.store..", "dev.castellan.keys..",
                        "dev.castellan.api..", "dev.castellan.pkix..", "dev.castellan.server..", "java.sql..",
                        "io.javalin..", "com.fasterxml..")
                .check(production);
    }

    @Test
    void edges_callTheAuthorityNotTheAdapters() {
        noClasses().that().resideInAnyPackage("dev.castellan.api..", "dev.castellan.pkix..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.castellan.store..", "dev.castellan.keys..",
                        "dev.castellan.server..", "java.sql..")
                .check(production);
    }

    @Test
    void adapters_doNotKnowEachOtherOrTheEdges() {
        noClasses().that().resideInAPackage("dev.castellan.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.castellan.keys..", "dev.castellan.api..",
                        "dev.castellan.pkix..", "dev.castellan.server..")
                .check(production);
        noClasses().that().resideInAPackage("dev.castellan.keys..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.castellan.store..", "dev.castellan.api..",
                        "dev.castellan.pkix..", "dev.castellan.server..", "dev.castellan.authority..")
                .check(production);
    }
}
