package com.allezon.platform.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;

import com.allezon.model.Action;
import com.allezon.model.EventTimes;
import com.allezon.model.Json;
import com.allezon.platform.stream.TagGenerator;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Whether a target already counts tags in the stream's first minute. Every stream, whatever its seed, starts at
 * {@link TagGenerator#START}, and every expected answer assumes the target holds no tag of that day but the
 * stream's own: against a platform that kept an earlier run's tags, the aggregates (and the profiles of the
 * cookies both runs share) score wrong however correct the platform is. Asked once before a run, with the
 * public aggregates query (no debug body), so that the user learns it before the run rather than from its
 * score.
 */
public final class PriorTags {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private PriorTags() {
    }

    /** The stream's first minute, as an aggregates {@code time_range}. */
    static String firstMinute() {
        return EventTimes.formatBucket(TagGenerator.START_MINUTE) + "_" + EventTimes.formatBucket(TagGenerator.START_MINUTE + 1);
    }

    /**
     * The tags (VIEWs and BUYs) {@code target} counts in the stream's first minute; empty when it could not tell
     * (unreachable, not a 200, not an aggregates answer): the run itself then shows what the target does.
     */
    public static OptionalLong inFirstMinute(URI target) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        long total = 0;
        for (Action action : Action.values()) {
            URI uri = URI.create(base(target) + "/aggregates?time_range=" + firstMinute() + "&action=" + action
                    + "&aggregates=COUNT");
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                OptionalLong count = response.statusCode() == 200 ? count(response.body()) : OptionalLong.empty();
                if (count.isEmpty()) {
                    return count;
                }
                total += count.getAsLong();
            } catch (IOException | IllegalArgumentException e) {
                return OptionalLong.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(total);
    }

    /** The target without a trailing {@code /}: the queries go under its path, as the run's requests do. */
    private static String base(URI target) {
        String base = target.toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The count of a one-minute aggregates answer with {@code COUNT} as its last column; empty if it is not one. */
    static OptionalLong count(String body) {
        try {
            JsonNode rows = Json.MAPPER.readTree(body).path("rows");
            if (rows.size() != 1 || rows.get(0).size() == 0) {
                return OptionalLong.empty();
            }
            JsonNode row = rows.get(0);
            return OptionalLong.of(Long.parseLong(row.get(row.size() - 1).asString()));
        } catch (JacksonException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** What to tell a user of {@code run} whose target already holds {@code tags} of the stream's first minute. */
    public static String warning(URI target, long tags) {
        return "The target " + target + " already counts " + tags + " tags in the minute from "
                + EventTimes.formatBucket(TagGenerator.START_MINUTE) + " (an earlier run's?).\nEvery stream starts at " + TagGenerator.START + " and its expected answers"
                + " assume the target holds no other tag of that day: aggregates (and profiles of cookies both runs"
                + " share) would score wrong however correct the platform is.\nStart from an empty platform"
                + " (locally: ./allezon stop; rm -rf .allezon; ./allezon start), or pass --allow-prior-tags to run anyway.";
    }
}
