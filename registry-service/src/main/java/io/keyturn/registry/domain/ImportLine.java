package io.keyturn.registry.domain;

/**
 * One record of an import file: the device it describes, or why it cannot be read.
 *
 * @param line the 1-based line the record starts on (the CSV header is line 1)
 */
public record ImportLine(long line, DeviceInput input, RegistryException error) {

    public static ImportLine of(long line, DeviceInput input) {
        return new ImportLine(line, input, null);
    }

    public static ImportLine failed(long line, RegistryException error) {
        return new ImportLine(line, null, error);
    }
}
