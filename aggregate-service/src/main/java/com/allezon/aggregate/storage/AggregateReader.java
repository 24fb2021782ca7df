package com.allezon.aggregate.storage;

import java.util.Map;

import com.allezon.model.AggregateKey;
import com.allezon.model.MinuteTotals;

import reactor.core.publisher.Mono;

/** Reads one aggregate series, summed over the input partitions that counted it. */
public interface AggregateReader {

    /** Totals by epoch minute for {@code fromMinute <= minute < toMinute}; minutes without rows are absent. */
    Mono<Map<Long, MinuteTotals>> minuteTotals(AggregateKey series, long fromMinute, long toMinute);
}
