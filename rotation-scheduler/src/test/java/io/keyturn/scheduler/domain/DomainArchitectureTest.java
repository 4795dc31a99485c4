package io.keyturn.scheduler.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the scheduling decisions plain Java (HOUSE-STYLE.md, "Where logic lives"). */
class DomainArchitectureTest {

    @Test
    void domainImportsNoFrameworkAndNoOtherLayer() {
        noClasses().that().resideInAPackage("io.keyturn.scheduler.domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "jakarta..", "javax.sql..", "io.quarkus..", "org.eclipse.microprofile..", "io.smallrye..",
                        "io.vertx..", "org.apache.kafka..", "com.fasterxml.jackson..", "org.jboss..",
                        "io.keyturn.scheduler.api..", "io.keyturn.scheduler.persistence..",
                        "io.keyturn.scheduler.service..", "io.keyturn.scheduler.messaging..")
                .because("planning, windows, rates and stop rules are tested with a fake clock, without a framework")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.keyturn.scheduler"));
    }
}
