package com.allezon.platform.load;

/**
 * When each tag was accepted, as far as an expected answer needs it: the expected answers assume every tag
 * was accepted on schedule, so an answer that differs only because a tag it depends on was accepted late
 * (the sender or the target fell behind) is stale, not wrong. The ledger answers "were all tags before
 * index n answered, and the accepted ones by time t?" from the latest acceptance among them, kept for a
 * window of {@link #SLOTS} tag indices. Refused tags only count as answered here: which answers they can
 * affect is {@link RefusedTags}' business.
 * <p>
 * Times are {@link System#nanoTime()} values. Synchronized: answers arrive on several network threads.
 */
final class TagLedger {

    /** Tag indices kept: 100 s of tags at 20,000 tags/s. */
    static final int SLOTS = 1 << 21;
    private static final int MASK = SLOTS - 1;
    private static final byte UNANSWERED = 0;
    private static final byte ACCEPTED = 1;
    private static final byte REFUSED = 2;

    /** Per index in the window ahead of {@link #complete}: its answer and when it came. */
    private final byte[] state = new byte[SLOTS];
    private final long[] answeredAt = new long[SLOTS];
    /** At index n (for n within a window below complete): the latest acceptance among the tags before n. */
    private final long[] latestBefore = new long[SLOTS];
    /** Every tag below this index has been answered. */
    private long complete;
    private long latest = Long.MIN_VALUE;

    /** Records the answer to tag {@code index}: accepted (204) or not, at {@code atNanos}. */
    synchronized void answered(long index, boolean accepted, long atNanos) {
        if (index < complete || index - complete >= SLOTS) {
            return;
        }
        int at = (int) (index & MASK);
        state[at] = accepted ? ACCEPTED : REFUSED;
        answeredAt[at] = atNanos;
        while (state[(int) (complete & MASK)] != UNANSWERED) {
            int slot = (int) (complete & MASK);
            if (state[slot] == ACCEPTED) {
                latest = latest == Long.MIN_VALUE ? answeredAt[slot] : Math.max(latest, answeredAt[slot]);
            }
            state[slot] = UNANSWERED;
            complete++;
            latestBefore[(int) (complete & MASK)] = latest;
        }
    }

    /**
     * Whether every tag with an index below {@code index} was answered, and each accepted one at or before
     * {@code deadlineNanos} (both {@link System#nanoTime()} values). False while any of them is unanswered.
     */
    synchronized boolean acceptedInTime(long index, long deadlineNanos) {
        if (index <= 0) {
            return true;
        }
        if (index > complete) {
            return false;
        }
        // too far back to be in the window: everything answered so far bounds it (never calls a late one on time)
        boolean inWindow = complete - index < SLOTS;
        long latestAmong = inWindow ? latestBefore[(int) (index & MASK)] : latest;
        return latestAmong == Long.MIN_VALUE || latestAmong - deadlineNanos <= 0;
    }
}
