package com.allezon.aggregate.stream;

import java.util.Map;
import java.util.TreeMap;

import com.allezon.model.AggregateKey;
import com.allezon.model.MinuteTotals;

/** Comparable views of totals maps: key → "count/sum", sorted so a failing assertion reads well. */
final class Totals {

    private Totals() {
    }

    static Map<String, String> comparable(Map<AggregateKey, MinuteTotals> totals) {
        Map<String, String> view = new TreeMap<>();
        totals.forEach((key, t) -> view.put(key.toString(), t.count() + "/" + t.sumPrice()));
        return view;
    }
}
