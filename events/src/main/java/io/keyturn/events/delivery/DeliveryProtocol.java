package io.keyturn.events.delivery;

import com.fasterxml.jackson.annotation.JsonValue;

/** The protocol a device used to reach delivery-service. */
public enum DeliveryProtocol {
    /** TFTP (RFC 1350), typically for stage 0 from DHCP option 66. */
    TFTP("tftp"),
    /** Plain HTTP. */
    HTTP("http"),
    /** HTTPS, with or without a client certificate. */
    HTTPS("https");

    private final String code;

    DeliveryProtocol(String code) {
        this.code = code;
    }

    /** The JSON value, e.g. {@code tftp}. */
    @JsonValue
    public String code() {
        return code;
    }
}
