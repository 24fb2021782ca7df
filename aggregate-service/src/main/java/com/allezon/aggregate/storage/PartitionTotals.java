package com.allezon.aggregate.storage;

import java.nio.ByteBuffer;

/**
 * What one input partition counted for one aggregate key in one minute, and the offset of the last tag it
 * counted there: a tag at or below {@code lastOffset} is already in, so a replay never counts it twice.
 */
public record PartitionTotals(long count, long sumPrice, long lastOffset) {

    /** Nothing counted yet. */
    public static final PartitionTotals NONE = new PartitionTotals(0, 0, -1);

    private static final int BYTES = 3 * Long.BYTES;

    public boolean counts(long offset) {
        return offset > lastOffset;
    }

    public PartitionTotals plus(int price, long offset) {
        return new PartitionTotals(count + 1, sumPrice + price, offset);
    }

    public byte[] toBytes() {
        return ByteBuffer.allocate(BYTES).putLong(count).putLong(sumPrice).putLong(lastOffset).array();
    }

    public static PartitionTotals fromBytes(byte[] data) {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        return new PartitionTotals(buffer.getLong(), buffer.getLong(), buffer.getLong());
    }
}
