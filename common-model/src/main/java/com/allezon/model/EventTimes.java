package com.allezon.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/** Parsing and formatting of every time notation of the API, all in UTC. */
public final class EventTimes {

    /** A tag's {@code time}: UTC with a 'Z' and 0 to 9 fraction digits. */
    private static final Pattern TAG_TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
    /** A query's {@code <datetime>}: UTC without zone; a trailing 'Z' is tolerated. */
    private static final Pattern QUERY_TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z?");
    private static final DateTimeFormatter BUCKET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    private EventTimes() {
    }

    public static Instant parseTagTime(String field, String text) {
        if (text == null || !TAG_TIME.matcher(text).matches()) {
            throw new InvalidRequestException(field,
                    field + " must be a UTC time like 2022-03-01T00:00:00.000Z, got " + Json.quote(text));
        }
        try {
            // strict: no hour 24, no leap second, which Instant.parse would quietly shift
            return LocalDateTime.parse(text.substring(0, text.length() - 1)).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new InvalidRequestException(field, field + " is not a valid date and time: " + Json.quote(text));
        }
    }

    public static Instant parseQueryTime(String field, String text) {
        if (text == null || !QUERY_TIME.matcher(text).matches()) {
            throw new InvalidRequestException(field,
                    field + " must be a UTC time like 2022-03-01T00:05:00 or 2022-03-01T00:05:00.000, got "
                            + Json.quote(text));
        }
        String local = text.endsWith("Z") ? text.substring(0, text.length() - 1) : text;
        try {
            return LocalDateTime.parse(local).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new InvalidRequestException(field, field + " is not a valid date and time: " + Json.quote(text));
        }
    }

    /** Epoch nanoseconds; event times of this platform lie well inside 1677..2262. */
    public static long toEpochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    public static Instant fromEpochNanos(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** The minute an instant falls in, as minutes since the epoch. */
    public static long epochMinute(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), 60);
    }

    public static Instant minuteStart(long epochMinute) {
        return Instant.ofEpochSecond(epochMinute * 60);
    }

    /** A bucket's name in aggregate rows: {@code yyyy-MM-dd'T'HH:mm:ss}, no zone, no fraction. */
    public static String formatBucket(long epochMinute) {
        return BUCKET.format(LocalDateTime.ofEpochSecond(epochMinute * 60, 0, ZoneOffset.UTC));
    }

    /** A query {@code <datetime>} with millisecond precision, as the testing platform sends it. */
    public static String formatQueryTime(Instant instant) {
        return MILLIS.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    /** A tag {@code time} with millisecond precision, the way real traffic writes it. */
    public static String formatTagTime(Instant instant) {
        return MILLIS.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC)) + "Z";
    }
}
