package io.keyturn.crypto.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class DomainBoundaryTest {

    private static final JavaClasses DOMAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.keyturn.crypto.domain");

    @Test
    void theDomainIsPlainJava() {
        noClasses().that().resideInAPackage("io.keyturn.crypto.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "io.quarkus..", "org.eclipse.microprofile..",
                        "io.keyturn.crypto.api..", "io.keyturn.crypto.messaging..", "io.keyturn.crypto.persistence..",
                        "io.keyturn.platform..", "java.sql..")
                .check(DOMAIN);
    }
}
