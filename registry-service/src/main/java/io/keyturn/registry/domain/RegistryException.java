package io.keyturn.registry.domain;

import java.util.Objects;

/**
 * Input or state the registry refuses. The message is shown to the caller as the problem's detail, so it names
 * fields, lines and devices, never a staging key or a parameter value.
 */
public class RegistryException extends RuntimeException {

    /** Why; each reason maps 1:1 to a problem type of the REST API. */
    public enum Reason {
        INVALID_MAC("invalid-mac", "MAC address is not valid", 400),
        UNKNOWN_MODEL("unknown-model", "Model is not in the model table", 400),
        INVALID_FIELD("invalid-device-field", "Device field is not valid", 400),
        RESERVED_PARAMETER("reserved-parameter", "Parameter is owned by keyturn", 400),
        DEVICE_NOT_FOUND("device-not-found", "Device not found", 404),
        DEVICE_EXISTS("device-already-registered", "Device already registered", 409),
        DEVICE_DECOMMISSIONED("device-decommissioned", "Device is decommissioned", 409),
        INVALID_STATE_CHANGE("invalid-state-change", "State change not allowed", 409),
        STALE_VERSION("stale-version", "Device changed since it was read", 412),
        INVALID_TEMPLATE("invalid-template", "Template does not parse", 400),
        TEMPLATE_NOT_FOUND("template-not-found", "Template not found", 404),
        IMPORT_NOT_FOUND("import-not-found", "Import job not found", 404),
        INVALID_IMPORT("invalid-import", "Import file cannot be read", 400),
        INVALID_QUERY("invalid-query", "Query parameter is not valid", 400);

        private final String code;
        private final String title;
        private final int status;

        Reason(String code, String title, int status) {
            this.code = code;
            this.title = title;
            this.status = status;
        }

        public String code() {
            return code;
        }

        public String title() {
            return title;
        }

        public int status() {
            return status;
        }
    }

    private final Reason reason;

    public RegistryException(Reason reason, String detail) {
        super(detail);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
