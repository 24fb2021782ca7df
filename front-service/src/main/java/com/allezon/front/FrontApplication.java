package com.allezon.front;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The public entry point of Allezon (port 8080): {@code POST /user_tags} is published to Kafka here,
 * {@code /user_profiles/**} and {@code /aggregates} are forwarded to the services that own them.
 */
@SpringBootApplication(scanBasePackages = {"com.allezon.front", "com.allezon.web"})
@ConfigurationPropertiesScan
public class FrontApplication {

    public static void main(String[] args) {
        SpringApplication.run(FrontApplication.class, args);
    }
}
