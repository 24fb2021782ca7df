package com.allezon.model;

/** Count and sum of prices of one aggregate key in one minute. Mutable: it is an accumulator. */
public final class MinuteTotals {

    private long count;
    private long sumPrice;

    public MinuteTotals() {
    }

    public MinuteTotals(long count, long sumPrice) {
        this.count = count;
        this.sumPrice = sumPrice;
    }

    public void add(long count, long sumPrice) {
        this.count += count;
        this.sumPrice += sumPrice;
    }

    public long count() {
        return count;
    }

    public long sumPrice() {
        return sumPrice;
    }
}
