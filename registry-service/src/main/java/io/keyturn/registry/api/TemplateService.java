package io.keyturn.registry.api;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.EventIds;
import io.keyturn.events.Sources;
import io.keyturn.events.template.TemplatePublished;
import io.keyturn.events.template.TemplateScope;
import io.keyturn.platform.outbox.OutboxWriter;
import io.keyturn.registry.domain.RegistryException;
import io.keyturn.registry.domain.TemplateDocument;
import io.keyturn.registry.domain.TemplateKey;
import io.keyturn.registry.persistence.AuditLog;
import io.keyturn.registry.persistence.TemplateRepository;
import io.keyturn.registry.persistence.TemplateRepository.StoredTemplate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** Stores templates and publishes each version as {@code keyturn.template.published} in the same transaction. */
@ApplicationScoped
public class TemplateService {

    private final TemplateRepository templates;
    private final OutboxWriter outbox;
    private final AuditLog audit;
    private final Clock clock;

    @Inject
    public TemplateService(TemplateRepository templates, OutboxWriter outbox, AuditLog audit, Clock clock) {
        this.templates = templates;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Stores {@code source} as the template's next version; the event carries it compiled to XML.
     *
     * @throws RegistryException {@code INVALID_TEMPLATE} with line and column when it does not parse
     */
    @Transactional
    public StoredTemplate put(TemplateKey key, TemplateDocument.Format format, String source, String actor) {
        TemplateDocument doc = TemplateDocument.parse(format, source);
        String xml = doc.xml();
        long version = templates.find(key.id(), true).map(t -> t.version() + 1).orElse(1L);
        Instant now = clock.instant();
        String by = actor.length() > 128 ? actor.substring(0, 128) : actor;
        StoredTemplate t = new StoredTemplate(key.id(), scope(key).code(), key.target(), version,
                format.name().toLowerCase(Locale.ROOT), source, xml, TemplateDocument.sha256(xml), by, now);
        templates.save(t);
        outbox.append(CloudEvent.of(EventIds.next(), Sources.REGISTRY_SERVICE, now, new TemplatePublished(
                t.id(), t.version(), scope(key), t.target(), t.xml(), t.sha256(), t.publishedBy(), now)));
        audit.record(actor, "template.put", "template/" + key.id(),
                Map.of("version", version, "format", t.format(), "parameters", doc.profile().size()));
        return t;
    }

    public StoredTemplate get(TemplateKey key) {
        return templates.find(key.id(), false).orElseThrow(() -> new RegistryException(
                RegistryException.Reason.TEMPLATE_NOT_FOUND, "no template " + key.id()));
    }

    private static TemplateScope scope(TemplateKey key) {
        return key.scope() == TemplateKey.Scope.MODEL ? TemplateScope.MODEL : TemplateScope.GROUP;
    }
}
