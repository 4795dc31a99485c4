package io.keyturn.console;

import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.EventRecord;
import io.keyturn.events.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads the four event topics into the {@link EventFeed}. Every console replica must see every event (each pushes
 * them to its own browsers), so it assigns itself all partitions instead of sharing them in a group, seeks back
 * {@code keyturn.console.events.replay} at start, and commits nothing: its group id {@code keyturn-console} only
 * names it to the broker (ACLs, quotas, client listings).
 */
@ApplicationScoped
public class FeedConsumer {

    private static final Logger LOG = Logger.getLogger(FeedConsumer.class);
    static final List<String> TOPICS = List.of(Topics.DEVICES, Topics.ROTATIONS, Topics.PROFILES, Topics.DELIVERIES);

    private final ConsoleConfig config;
    private final EventFeed feed;
    private final CloudEventCodec codec = new CloudEventCodec();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private Thread thread;

    FeedConsumer(ConsoleConfig config, EventFeed feed) {
        this.config = config;
        this.feed = feed;
    }

    void start(@Observes StartupEvent ignored) {
        if (!config.events().enabled()) {
            return;
        }
        String bootstrap = config.events().bootstrapServers()
                .orElseThrow(() -> new IllegalStateException("keyturn.console.events.bootstrap-servers is not set"));
        running = true;
        thread = new Thread(() -> run(bootstrap), "console-feed");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(5000);
        }
    }

    private void run(String bootstrap) {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(properties(bootstrap))) {
                consumer = c;
                assignAndSeek(c);
                while (running) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                        take(r);
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                // The broker is away or restarting: try again shortly; the pages keep what they have.
                LOG.warnf("event feed interrupted (%s); retrying in 2 s", e.getClass().getSimpleName());
                sleep(2000);
            }
        }
    }

    private void assignAndSeek(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            c.partitionsFor(topic, Duration.ofSeconds(10))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        c.assign(partitions);
        long since = Clock.systemUTC().millis() - config.events().replay().toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> offsets = c.offsetsForTimes(query, Duration.ofSeconds(10));
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp o = offsets.get(p);
            if (o == null) {
                c.seekToEnd(List.of(p));
            } else {
                c.seek(p, o.offset());
            }
        }
    }

    private void take(ConsumerRecord<String, byte[]> r) {
        Map<String, byte[]> headers = new HashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value());
        }
        try {
            feed.accept(codec.decode(new EventRecord(r.topic(), r.key(), headers, r.value())));
        } catch (RuntimeException e) {
            // A record the console cannot read is skipped (type and offset only: never its content).
            LOG.debugf("skipped a record on %s offset %d: %s", r.topic(), r.offset(), e.getClass().getSimpleName());
        }
    }

    private static Properties properties(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "keyturn-console");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "keyturn-console");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // The cluster's client security, as the services get it: KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM,
        // KAFKA_SASL_JAAS_CONFIG, KAFKA_SSL_TRUSTSTORE_* (deploy/base/console) become security.protocol, ...
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("KAFKA_SECURITY_") || name.startsWith("KAFKA_SASL_") || name.startsWith("KAFKA_SSL_")) {
                p.put(name.substring("KAFKA_".length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.'), value);
            }
        });
        return p;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The one feed of this console. */
    static class Producer {
        @Produces
        @Singleton
        EventFeed feed() {
            return new EventFeed(Clock.systemUTC());
        }
    }
}
