package com.allezon.profile.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.allezon.localcluster.TestCluster;
import com.datastax.oss.driver.api.core.CqlSession;

/**
 * The profile path's rehearsal on a real Kafka and Cassandra: once the service has started, the rehearsal's
 * tags, sent through a scratch topic, are rows of the scratch keyspace and none is in the real one.
 */
class ProfilePathRehearsalIT {

    private static final String REAL = "rehearsal_real_it";
    private static final String SCRATCH = "rehearsal_scratch_it";
    private static final String SCRATCH_TOPIC = "rehearsal-scratch-it";
    private static final int TAGS = 1000;

    private static RunningProfileService service;

    @BeforeAll
    static void start() {
        service = RunningProfileService.start(TestCluster.shared(), "profile-rehearsal-it", REAL,
                "--allezon.rehearsal.keyspace=" + SCRATCH, "--allezon.rehearsal.topic=" + SCRATCH_TOPIC,
                "--allezon.rehearsal.tags=" + TAGS,
                "--allezon.rehearsal.max-duration=30s");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void everyRehearsalTagIsARowOfTheScratchKeyspaceAndNoneOfTheRealOne() {
        CqlSession session = service.context().getBean(CqlSession.class);

        // at least TAGS (more while the JIT had not settled; trims only start past 256 writes of a cookie and action)
        assertThat(session.execute("SELECT count(*) FROM " + SCRATCH + ".profile_tags").one().getLong(0))
                .isGreaterThanOrEqualTo(TAGS);
        assertThat(session.execute("SELECT count(*) FROM " + SCRATCH + ".profile_tags WHERE cookie = 'rehearsal-0'"
                + " AND action = 'BUY'").one().getLong(0)).isGreaterThanOrEqualTo(2);
        // the test's real keyspace is small: a scan finds any rehearsal cookie
        assertThat(session.execute("SELECT cookie FROM " + REAL + ".profile_tags").all())
                .noneMatch(row -> row.getString("cookie").startsWith("rehearsal-"));
    }
}
