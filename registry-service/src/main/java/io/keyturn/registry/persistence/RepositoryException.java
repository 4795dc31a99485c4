package io.keyturn.registry.persistence;

import java.sql.SQLException;

/** A database call failed; the message names the operation and SQL state, never a value. */
public class RepositoryException extends RuntimeException {

    public RepositoryException(String operation, SQLException cause) {
        super("could not " + operation + " (SQL state " + cause.getSQLState() + ")", cause);
    }
}
