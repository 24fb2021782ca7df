package com.allezon.platform.load;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one kind of query: each sent query ends correct, wrong, stale (it differed, but a tag it depends
 * on was accepted too late before it or refused, so its expected answer did not apply) or timed out.
 */
final class Score {
    final LongAdder sent = new LongAdder();
    final LongAdder correct = new LongAdder();
    final LongAdder wrong = new LongAdder();
    final LongAdder stale = new LongAdder();
    final LongAdder timeouts = new LongAdder();

    long outstanding() {
        return sent.sum() - correct.sum() - wrong.sum() - stale.sum() - timeouts.sum();
    }
}
