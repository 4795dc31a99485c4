package io.keyturn.protocol.rule;

import io.keyturn.protocol.ProtocolException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a device knows when it evaluates a rule: its identity (MAC, model, serial), its state
 * (versions, provisioning state, timers), its parameters (GPP_A..P, GPP_SA..SD, User_ID_n_ and any
 * other) and the DHCP option 66 server. It supplies every macro of spa-protocol.md §3.
 *
 * <p>A macro the context holds no value for expands to the empty string, as an empty device
 * parameter does; only {@code $UPGCOND} has a default ({@code true}, as on all firmware from 2.0.6).
 * Immutable and thread-safe; lookups are array reads, so evaluating rules for thousands of devices
 * costs no hashing per macro.
 *
 * <p>{@link #toString()} shows the identity only, never parameter values: GPP_A and GPP_SA..SD hold
 * keys in the SEC-PRV flows.
 */
public final class DeviceContext implements MacroValues {

    private static final int SLOTS = Macro.values().length;

    private final String[] values;
    private final Map<String, String> parameters;
    private final String dhcpServer;

    private DeviceContext(String[] values, Map<String, String> parameters, String dhcpServer) {
        this.values = values;
        this.parameters = parameters;
        this.dhcpServer = dhcpServer;
    }

    /** A builder for a context with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this context. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public String value(Macro macro) {
        String v = values[macro.slot()];
        return v == null ? "" : v;
    }

    /** The MAC as 12 lowercase hex digits ({@code $MA}), empty when none was set. */
    public String mac() {
        return value(Macro.MA);
    }

    /** The DHCP option 66 server, used by URLs that name no server. */
    public Optional<String> dhcpServer() {
        return Optional.ofNullable(dhcpServer);
    }

    /**
     * A parameter's value: {@code GPP_A}, {@code a} (= GPP_A), {@code GPP_SA}, {@code User_ID_1_},
     * {@code Station_Name}...; empty when it was never set.
     */
    public Optional<String> parameter(String name) {
        Macro m = macroForParameter(name);
        return m != null ? Optional.ofNullable(values[m.slot()]) : Optional.ofNullable(parameters.get(name));
    }

    /** A copy with these parameters set, e.g. after a winning alternative's assignments ran. */
    public DeviceContext withParameters(Map<String, String> assigned) {
        Builder b = toBuilder();
        assigned.forEach(b::parameter);
        return b.build();
    }

    /** A copy with one parameter set. */
    public DeviceContext withParameter(String name, String value) {
        return toBuilder().parameter(name, value).build();
    }

    private static Macro macroForParameter(String name) {
        if (name.length() == 1 && name.charAt(0) >= 'a' && name.charAt(0) <= 'p') {
            return Macro.gppLetter(name.charAt(0)).orElseThrow();
        }
        return Macro.byParameter(name).orElse(null);
    }

    /** Identity only: MAC, product, serial, software version, and how many parameters are set. */
    @Override
    public String toString() {
        int set = parameters.size();
        for (Macro m : Macro.values()) {
            if (m.parameter().isPresent() && values[m.slot()] != null) {
                set++;
            }
        }
        return "DeviceContext[mac=" + value(Macro.MA) + ", pn=" + value(Macro.PN) + ", sn=" + value(Macro.SN)
                + ", swver=" + value(Macro.SWVER) + ", parameters=" + set + " set"
                + (dhcpServer == null ? "" : ", option66=" + dhcpServer) + "]";
    }

    /** Builds a {@link DeviceContext}; every setter replaces an earlier value. */
    public static final class Builder {

        private final String[] values;
        private final LinkedHashMap<String, String> parameters;
        private String dhcpServer;
        private String model;
        private String productName;
        private String productSeries;

        private Builder() {
            values = new String[SLOTS];
            values[Macro.UPGCOND.slot()] = "true";
            parameters = new LinkedHashMap<>();
        }

        private Builder(DeviceContext from) {
            values = from.values.clone();
            parameters = new LinkedHashMap<>(from.parameters);
            dhcpServer = from.dhcpServer;
            productName = from.values[Macro.PN.slot()];
            productSeries = from.values[Macro.PSN.slot()];
        }

        /**
         * The MAC: 12 hex digits, optionally in pairs separated by {@code :} or {@code -}, any case.
         * Sets {@code $MA}, {@code $MAU} and {@code $MAC}.
         *
         * @throws ProtocolException {@code INVALID_MAC}
         */
        public Builder mac(String mac) {
            String hex = normaliseMac(Objects.requireNonNull(mac, "mac"));
            values[Macro.MA.slot()] = hex;
            values[Macro.MAU.slot()] = hex.toUpperCase(Locale.ROOT);
            StringBuilder colons = new StringBuilder(17);
            for (int i = 0; i < 12; i += 2) {
                colons.append(i == 0 ? "" : ":").append(hex, i, i + 2);
            }
            values[Macro.MAC.slot()] = colons.toString();
            return this;
        }

        /**
         * The model, e.g. {@code SPA962}: {@code $PN} is the model in uppercase and {@code $PSN} the
         * model without its {@code SPA} or {@code SPA-} prefix ({@code SPA962} → 962, {@code SPA2102} →
         * 2102, {@code SPA-2000} → 2000). A model without that prefix keeps its whole name as series
         * ({@code PAP2T} → PAP2T): no guide documents the PAP2T's $PSN, so set it with
         * {@link #productSeries} once a device shows otherwise. Explicit {@link #productName} and
         * {@link #productSeries} win over what the model implies.
         */
        public Builder model(String model) {
            Objects.requireNonNull(model, "model");
            if (model.isEmpty() || !model.chars().allMatch(c -> RuleText.isLetter((char) c)
                    || RuleText.isDigit((char) c) || c == '-')) {
                throw new IllegalArgumentException("a model is letters, digits and '-', e.g. SPA962: "
                        + RuleText.quoteForMessage(model));
            }
            this.model = model.toUpperCase(Locale.ROOT);
            return this;
        }

        /** {@code $PN}, overriding what {@link #model} implies. */
        public Builder productName(String pn) {
            productName = Objects.requireNonNull(pn, "pn");
            return this;
        }

        /** {@code $PSN}, overriding what {@link #model} implies. */
        public Builder productSeries(String psn) {
            productSeries = Objects.requireNonNull(psn, "psn");
            return this;
        }

        /** {@code $SN}. */
        public Builder serial(String serial) {
            return macro(Macro.SN, serial);
        }

        /** {@code $SWVER}, e.g. {@code 2.0.6(b)}. */
        public Builder softwareVersion(String version) {
            return macro(Macro.SWVER, version);
        }

        /** {@code $HWVER}, e.g. {@code 1.88.1}. */
        public Builder hardwareVersion(String version) {
            return macro(Macro.HWVER, version);
        }

        /** {@code $CCERT}: {@code Installed} or {@code Not Installed}. */
        public Builder clientCertificate(boolean installed) {
            return macro(Macro.CCERT, installed ? "Installed" : "Not Installed");
        }

        /** {@code $PRVST}: -1 explicit request, 0 power-up, 1 periodic, 2 retry after failure. */
        public Builder provisioningState(int state) {
            return macro(Macro.PRVST, Integer.toString(state));
        }

        /** {@code $IP}, the LAN address. */
        public Builder ip(String ip) {
            return macro(Macro.IP, ip);
        }

        /**
         * The DHCP option 66 server, used by a URL that names none: a host name or IPv4 address.
         *
         * @throws IllegalArgumentException when it is not a host name
         */
        public Builder dhcpServer(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isEmpty() || !host.chars().allMatch(c -> RuleText.isLetter((char) c)
                    || RuleText.isDigit((char) c) || c == '.' || c == '-' || c == '_')) {
                throw new IllegalArgumentException("the DHCP option 66 server is not a host name: "
                        + RuleText.quoteForMessage(host));
            }
            dhcpServer = host;
            return this;
        }

        /**
         * Any macro's value. {@code MA}, {@code MAU} and {@code MAC} go through {@link #mac};
         * {@code METH} sets {@code SCHEME}; {@code A}..{@code P} and {@code SA}..{@code SD} set the
         * GPP parameters; {@code UID1}/{@code UID2} set User_ID_1_/User_ID_2_.
         */
        public Builder macro(Macro macro, String value) {
            Objects.requireNonNull(macro, "macro");
            Objects.requireNonNull(value, "value");
            switch (macro) {
                case MA, MAU, MAC -> mac(value);
                case PN -> productName(value);
                case PSN -> productSeries(value);
                default -> values[macro.slot()] = value;
            }
            return this;
        }

        /**
         * A parameter by name: {@code GPP_A} or {@code a}, {@code GPP_SA}, {@code User_ID_1_}, or any
         * other ({@code Station_Name}). GPP and User_ID parameters also feed their macros.
         *
         * @throws ProtocolException {@code INVALID_PARAMETER_NAME} for a name a rule could not write
         */
        public Builder parameter(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            Macro m = macroForParameter(name);
            if (m != null) {
                values[m.slot()] = value;
                return this;
            }
            String problem = Assignment.problemWithName(name);
            if (problem != null) {
                throw new ProtocolException(ProtocolException.Reason.INVALID_PARAMETER_NAME, problem);
            }
            parameters.put(name, value);
            return this;
        }

        /**
         * A macro's value when {@code name} is a macro name ({@code SWVER}, {@code CCERT}, {@code A}),
         * otherwise a parameter ({@code GPP_A}, {@code Station_Name}): the {@code --param NAME=VALUE}
         * of {@code keyturn rule expand}.
         */
        public Builder set(String name, String value) {
            Optional<Macro> macro = Macro.byName(name);
            return macro.isPresent() ? macro(macro.get(), value) : parameter(name, value);
        }

        /** The context. */
        public DeviceContext build() {
            String[] v = values.clone();
            String pn = productName != null ? productName : model;
            String psn = productSeries != null ? productSeries : model == null ? null : seriesOf(model);
            v[Macro.PN.slot()] = pn;
            v[Macro.PSN.slot()] = psn;
            Map<String, String> params = parameters.isEmpty() ? Map.of()
                    : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
            return new DeviceContext(v, params, dhcpServer);
        }

        private static String seriesOf(String model) {
            String series = model.startsWith("SPA-") ? model.substring(4)
                    : model.startsWith("SPA") ? model.substring(3) : model;
            return series.isEmpty() ? model : series;
        }

        private static String normaliseMac(String mac) {
            String hex;
            if (mac.length() == 12) {
                hex = mac;
            } else if (mac.length() == 17 && (mac.charAt(2) == ':' || mac.charAt(2) == '-')) {
                char sep = mac.charAt(2);
                StringBuilder b = new StringBuilder(12);
                for (int i = 0; i < 17; i++) {
                    if (i % 3 == 2) {
                        if (mac.charAt(i) != sep) {
                            throw invalidMac(mac);
                        }
                    } else {
                        b.append(mac.charAt(i));
                    }
                }
                hex = b.toString();
            } else {
                throw invalidMac(mac);
            }
            for (int i = 0; i < 12; i++) {
                if (Character.digit(hex.charAt(i), 16) < 0 || hex.charAt(i) > 'f') {
                    throw invalidMac(mac);
                }
            }
            return hex.toLowerCase(Locale.ROOT);
        }

        private static ProtocolException invalidMac(String mac) {
            return new ProtocolException(ProtocolException.Reason.INVALID_MAC,
                    "a MAC is 12 hex digits, optionally in pairs separated by ':' or '-': " + RuleText.quoteForMessage(mac));
        }
    }
}
