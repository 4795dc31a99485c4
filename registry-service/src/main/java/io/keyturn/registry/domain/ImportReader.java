package io.keyturn.registry.domain;

import java.io.IOException;

/** Reads an import file record by record, never more than one record in memory. */
public interface ImportReader {

    /** The next record, or null at the end of the file. */
    ImportLine next() throws IOException;
}
