package com.allezon.profile;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Use case 2: consumes {@code user-tags} into Cassandra, keeping the newest tags of every cookie and
 * action, and serves {@code POST /user_profiles/{cookie}}.
 * <p>
 * Run: {@code java -jar profile-service/target/profile-service-0.1.0-SNAPSHOT-exec.jar} with Kafka on
 * 127.0.0.1:9092 and Cassandra on 127.0.0.1:9042 (override with {@code --spring.kafka.bootstrap-servers=..}
 * and {@code --spring.cassandra.contact-points=..}); HTTP on 8081, management on 9081.
 */
@SpringBootApplication(scanBasePackages = {"com.allezon.profile", "com.allezon.web"})
@ConfigurationPropertiesScan("com.allezon.profile.config")
public class ProfileServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ProfileServiceApplication.class, args);
    }
}
