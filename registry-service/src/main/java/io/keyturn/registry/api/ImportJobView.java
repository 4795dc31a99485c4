package io.keyturn.registry.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.keyturn.registry.persistence.ImportRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An import job: {@code running}, {@code completed} or {@code failed} (the upload broke off; re-run the file), its
 * counts, and the lines that were not imported with why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportJobView(UUID id, String format, String state, long lines, long imported, long alreadyRegistered,
                            long rejected, String failure, String createdBy, Instant createdAt, Instant finishedAt,
                            List<LineErrorView> errors) {

    /** A line that was not imported: its number in the file (the CSV header is line 1), a code and a detail. */
    public record LineErrorView(long line, String reason, String detail) {
    }

    static ImportJobView from(ImportRepository.Job j) {
        return new ImportJobView(j.id(), j.format(), j.state(), j.lines(), j.imported(), j.alreadyRegistered(),
                j.rejected(), j.failure(), j.createdBy(), j.createdAt(), j.finishedAt(),
                j.errors().stream().map(e -> new LineErrorView(e.line(), e.reason(), e.detail())).toList());
    }
}
