package io.keyturn.crypto.domain;

/** A device's profile needs a template (at a version) that has not arrived yet. */
public class TemplateMissingException extends RuntimeException {

    public TemplateMissingException(String id, long version) {
        super("template " + id + " at version " + version + " or newer has not arrived yet");
    }
}
