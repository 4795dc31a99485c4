package io.keyturn.delivery.store;

/** The file store's table could not be read; the request that needed it gets a temporary failure. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
