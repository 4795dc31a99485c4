package io.keyturn.protocol.rule;

/** The devices the rule tests evaluate against; values follow the examples of spa-protocol.md §3. */
final class Devices {

    /** A key that must never show up where secrets are masked. */
    static final String SECURE_KEY = "0123456789abcdef0123456789abcdef";

    private Devices() {
    }

    /**
     * An SPA962 in its retry state: MAC 00:0e:08:01:23:45 (the guide's {@code $MAU} example), GPP_A
     * {@code ABCDEF} (the guide's substring example), a GPP_C that itself holds a macro, a --post body
     * in GPP_G, a key in GPP_SA.
     */
    static DeviceContext spa962() {
        return DeviceContext.builder()
                .mac("000E08012345")
                .model("SPA962")
                .serial("88012BA01234")
                .softwareVersion("2.0.6(b)")
                .hardwareVersion("1.88.1")
                .clientCertificate(true)
                .provisioningState(2)
                .set("REGTMR1", "0")
                .set("REGTMR2", "310")
                .set("PRVTMR", "1300")
                .set("IP", "192.168.1.102")
                .parameter("GPP_A", "ABCDEF")
                .parameter("GPP_B", "Xy12")
                .parameter("GPP_C", "$MA")
                .parameter("GPP_D", "prov")
                .parameter("GPP_E", "spa962")
                .parameter("GPP_F", "/CPE/SIP-Credentials/number = /flat-profile/User_ID_1_ ;")
                .parameter("GPP_G", "Product = \"$PN\"; MAC_Addr = \"$MA\"; Ser_Num = \"$SN\"; SW_Ver = \"$SWVER\";")
                .parameter("GPP_SA", SECURE_KEY)
                .parameter("GPP_SB", "phrase with spaces")
                .parameter("User_ID_1_", "5551234")
                .dhcpServer("tftp.isp.example")
                .build();
    }
}
