package io.keyturn.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the protocol library plain Java: devices, the simulator, the CLI and every service share it,
 * so it must not drag a framework along (HOUSE-STYLE.md, "Where logic lives").
 */
class ArchitectureTest {

    private static JavaClasses protocol;

    @BeforeAll
    static void importProtocolClasses() {
        protocol = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.keyturn.protocol");
    }

    @Test
    void protocolImportsNoFramework() {
        ArchRule rule = noClasses().that().resideInAPackage("io.keyturn.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "jakarta..", "javax.persistence..", "javax.ws.rs..", "io.quarkus..",
                        "org.eclipse.microprofile..", "io.smallrye..", "io.vertx..", "org.hibernate..",
                        "org.apache.kafka..", "com.fasterxml.jackson..", "org.slf4j..", "org.jboss..")
                .because("protocol is plain Java 17, shared by devices, the CLI and every service");
        rule.check(protocol);
    }

    @Test
    void protocolDependsOnNothingElseOfKeyturn() {
        ArchRule rule = noClasses().that().resideInAPackage("io.keyturn.protocol..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.keyturn.protocol..", "java..", "javax.crypto..", "javax.xml..")
                .because("the protocol library stands alone: only the JDK beneath it");
        rule.check(protocol);
    }
}
