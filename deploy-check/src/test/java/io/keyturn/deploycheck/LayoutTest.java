package io.keyturn.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** File names and kustomization listings of a deploy/ tree. */
class LayoutTest {

    @Test
    void rejectsFilesNamedAfterSomethingElse() {
        var violations = Layout.fileNames(Fixtures.resource("layout/misnamed"));

        assertThat(violations).extracting(Violation::toString)
                .anyMatch(v -> v.contains("10-ConfigMap-alpha.yaml") && v.contains("holds 'beta'"))
                .anyMatch(v -> v.contains("20-Secret-gamma.yaml") && v.contains("holds a ConfigMap"))
                .anyMatch(v -> v.contains("config-delta.yaml") && v.contains("not named NN-Kind-name.yaml"));
    }

    @Test
    void rejectsTwoObjectsInOneFile() {
        assertThat(Layout.fileNames(Fixtures.resource("layout/two-objects")))
                .extracting(Violation::message).containsExactly("holds 2 objects; one per file");
    }

    @Test
    void rejectsAFileTheKustomizationDoesNotList() {
        assertThat(Layout.kustomizations(Fixtures.resource("layout/unlisted")))
                .extracting(Violation::message)
                .containsExactly("20-ConfigMap-beta.yaml is not listed in kustomization.yaml");
    }

    @Test
    void rejectsAListedFileThatDoesNotExist() {
        assertThat(Layout.kustomizations(Fixtures.resource("layout/listed-missing")))
                .extracting(Violation::message)
                .containsExactly("kustomization.yaml lists 20-ConfigMap-beta.yaml, which does not exist");
    }

    @Test
    void rejectsFilesListedOutOfApplyOrder() {
        assertThat(Layout.kustomizations(Fixtures.resource("layout/out-of-order")))
                .extracting(Violation::message).singleElement().asString().contains("out of apply order");
    }
}
