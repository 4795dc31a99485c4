package io.keyturn.cli;

import picocli.CommandLine;

/** Reports the version Maven wrote into the jar's manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = KeyturnCommand.class.getPackage().getImplementationVersion();
        return new String[] {"keyturn " + (version == null ? "development build" : version)};
    }
}
