package com.allezon.model;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One counter of the aggregates: a minute, an action and one of the 8 combinations of the filters
 * origin / brand_id / category_id. A filter that is not part of the combination is {@code null}; the
 * {@link #dimensions()} mask tells which are (bit 0 origin, bit 1 brand_id, bit 2 category_id), so that an
 * empty-string filter value stays distinct from "not filtered".
 */
public record AggregateKey(long epochMinute, Action action, String origin, String brandId, String categoryId) {

    public static final int ORIGIN = 1;
    public static final int BRAND = 2;
    public static final int CATEGORY = 4;
    public static final int COMBINATIONS = 8;

    /** The 8 keys one tag counts towards. */
    public static List<AggregateKey> keysOf(UserTag tag) {
        List<AggregateKey> keys = new ArrayList<>(COMBINATIONS);
        for (int dims = 0; dims < COMBINATIONS; dims++) {
            keys.add(new AggregateKey(tag.epochMinute(), tag.action(),
                    (dims & ORIGIN) != 0 ? tag.origin() : null,
                    (dims & BRAND) != 0 ? tag.brandId() : null,
                    (dims & CATEGORY) != 0 ? tag.categoryId() : null));
        }
        return keys;
    }

    public int dimensions() {
        return (origin != null ? ORIGIN : 0) | (brandId != null ? BRAND : 0) | (categoryId != null ? CATEGORY : 0);
    }

    /** The key with its minute replaced: the series a query reads is the same key over many minutes. */
    public AggregateKey atMinute(long minute) {
        return new AggregateKey(minute, action, origin, brandId, categoryId);
    }

    /**
     * A compact binary form whose byte order sorts by minute first (for non-negative minutes), so that
     * a sorted store can drop old minutes with one range scan.
     */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(epochMinute);
            out.writeByte(action.ordinal());
            out.writeByte(dimensions());
            writeOptional(out, origin);
            writeOptional(out, brandId);
            writeOptional(out, categoryId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static AggregateKey fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
            long minute = in.readLong();
            Action action = Action.values()[in.readByte()];
            int dims = in.readByte();
            String origin = (dims & ORIGIN) != 0 ? in.readUTF() : null;
            String brand = (dims & BRAND) != 0 ? in.readUTF() : null;
            String category = (dims & CATEGORY) != 0 ? in.readUTF() : null;
            return new AggregateKey(minute, action, origin, brand, category);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeOptional(DataOutputStream out, String value) throws IOException {
        if (value != null) {
            out.writeUTF(value);
        }
    }
}
