package com.allezon.platform.reference;

import java.util.Arrays;

/** A growable ring buffer of longs: the tag indices of one cookie and action, oldest first. */
final class LongDeque {

    private long[] items = new long[4];
    private int head;
    private int size;

    void addLast(long value) {
        if (size == items.length) {
            long[] grown = new long[items.length * 2];
            for (int i = 0; i < size; i++) {
                grown[i] = get(i);
            }
            items = grown;
            head = 0;
        }
        items[(head + size) % items.length] = value;
        size++;
    }

    long pollFirst() {
        if (size == 0) {
            throw new IllegalStateException("empty");
        }
        long value = items[head];
        head = (head + 1) % items.length;
        size--;
        if (size == 0) {
            head = 0;
        }
        return value;
    }

    long get(int i) {
        return items[(head + i) % items.length];
    }

    int size() {
        return size;
    }

    @Override
    public String toString() {
        long[] copy = new long[size];
        Arrays.setAll(copy, this::get);
        return Arrays.toString(copy);
    }
}
