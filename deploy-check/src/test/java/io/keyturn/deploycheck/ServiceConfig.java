package io.keyturn.deploycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service reads from its environment in production: the {@code ${ENV_VAR}} references without a default
 * in its application.properties, on lines without a profile or with {@code %prod}.
 */
record ServiceConfig(String service, Path properties, Set<String> requiredEnvironment) {

    // An environment-style name (upper case) without ':default'. ${quarkus.application.version:0.1.0} is a
    // property reference, and ${KEYTURN_JWT_ISSUER:https://...} has a default: neither must be deployed.
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)(:[^}]*)?}");

    static ServiceConfig read(Path properties) {
        Properties values = new Properties();
        try (var in = Files.newBufferedReader(properties)) {
            values.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String service = values.getProperty("quarkus.application.name", properties.getParent().getParent()
                .getParent().getParent().getFileName().toString());
        Set<String> required = new LinkedHashSet<>();
        for (String key : values.stringPropertyNames()) {
            if (key.startsWith("%") && !key.startsWith("%prod.")) {
                continue;
            }
            Matcher matcher = REFERENCE.matcher(values.getProperty(key));
            while (matcher.find()) {
                if (matcher.group(2) == null) {
                    required.add(matcher.group(1));
                }
            }
        }
        return new ServiceConfig(service, properties, Set.copyOf(required));
    }

    /** Every Quarkus service of the repository: modules whose main resources hold an application.properties. */
    static List<ServiceConfig> ofRepository(Path repository) {
        try (Stream<Path> modules = Files.list(repository)) {
            return modules.map(m -> m.resolve("src/main/resources/application.properties"))
                    .filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(repository.resolve("deploy-check")))
                    .sorted()
                    .map(ServiceConfig::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
