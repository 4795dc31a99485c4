package io.keyturn.cli;

import picocli.CommandLine.Option;

/** Where the scheduler is and who calls it. */
final class SchedulerOptions {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:KEYTURN_SCHEDULER_URL:-http://localhost:8083}",
            description = "The rotation-scheduler (default ${DEFAULT-VALUE}, or KEYTURN_SCHEDULER_URL).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:KEYTURN_TOKEN}",
            description = "Bearer token (default KEYTURN_TOKEN; ./keyturn dev token prints one).")
    String token;

    SchedulerApi api() {
        return new SchedulerApi(url, token);
    }
}
