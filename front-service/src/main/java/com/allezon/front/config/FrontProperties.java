package com.allezon.front.config;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param topic              where accepted tags go
 * @param profileServiceUrl  base URL of profile-service
 * @param aggregateServiceUrl base URL of aggregate-service
 * @param maxTagBytes        a tag body above this is refused with 413
 * @param maxQueryBytes      debug-mode query bodies carry whole expected answers
 * @param publishTimeout     longest wait for the broker's ack before answering 503
 * @param profileTimeout     longest wait for profile-service before answering 504
 * @param aggregateTimeout   longest wait for aggregate-service before answering 504
 * @param warmupPatience     how long startup waits for the topic's metadata before reporting ready anyway
 * @param breakerFailures    after this many publishes in a row fail, tags are refused at once...
 * @param breakerPause       ...for this long, so that a dead broker costs clients no waiting
 */
@ConfigurationProperties("allezon.front")
public record FrontProperties(String topic, URI profileServiceUrl, URI aggregateServiceUrl, int maxTagBytes,
                              int maxQueryBytes, Duration publishTimeout, Duration profileTimeout,
                              Duration aggregateTimeout, Duration warmupPatience,
                              int breakerFailures, Duration breakerPause) {
}
