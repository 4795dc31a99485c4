package io.keyturn.crypto.domain;

/** The served paths of DESIGN.md §5: chain, staging-key bootstrap, mTLS bootstrap and stage 0. */
public final class ChainPaths {

    private ChainPaths() {
    }

    public static String chain(String directory, String psn) {
        return "/profile/" + directory + "/spa" + psn + ".cfg";
    }

    public static String stagingBootstrap(String mac) {
        return "/bootstrap/spa" + mac + ".cfg";
    }

    public static String mtlsBootstrap(String mac) {
        return "/bootstrap/" + mac + ".xml";
    }

    public static String stage0(String psn) {
        return "/spa" + psn + ".cfg";
    }
}
