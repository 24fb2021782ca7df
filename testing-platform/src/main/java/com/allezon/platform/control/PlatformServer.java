package com.allezon.platform.control;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** The {@code serve} application: subscription API under {@code /api}, web panel at {@code /}. */
@SpringBootApplication
public class PlatformServer {

    public static ConfigurableApplicationContext start(int port) {
        SpringApplication app = new SpringApplication(PlatformServer.class);
        app.setDefaultProperties(Map.of("server.port", port, "spring.main.banner-mode", "off"));
        return app.run();
    }
}
