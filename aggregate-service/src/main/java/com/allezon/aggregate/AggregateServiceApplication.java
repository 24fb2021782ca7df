package com.allezon.aggregate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Use case 3. Counts user tags per minute and per aggregate key with Kafka Streams, keeps the absolute
 * totals of each input partition in Cassandra and answers {@code POST /aggregates} from there.
 * Run: {@code java -jar aggregate-service/target/aggregate-service-0.1.0-SNAPSHOT-exec.jar} next to a Kafka on
 * 127.0.0.1:9092 and a Cassandra on 127.0.0.1:9042 (see application.yml to point elsewhere).
 */
@SpringBootApplication(scanBasePackages = {"com.allezon.aggregate", "com.allezon.web"})
@ConfigurationPropertiesScan
public class AggregateServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(AggregateServiceApplication.class, args);
    }
}
