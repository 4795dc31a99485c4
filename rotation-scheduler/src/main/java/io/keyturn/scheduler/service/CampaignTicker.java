package io.keyturn.scheduler.service;

import io.quarkus.quartz.Nonconcurrent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The campaign tick (and the policies' scheduled rotations) as a Quartz job in the clustered JDBC job store: each firing runs on exactly one replica, and
 * {@link Nonconcurrent} keeps a slow tick on one replica from overlapping the next firing on another.
 */
@ApplicationScoped
public class CampaignTicker {

    @Inject
    CampaignTickService ticks;

    @Inject
    ScheduleTickService schedules;

    @Nonconcurrent
    @Scheduled(identity = "campaign-tick", every = "${keyturn.scheduler.tick-interval:1s}",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        ticks.tickAll();
        schedules.tickAll();
    }
}
