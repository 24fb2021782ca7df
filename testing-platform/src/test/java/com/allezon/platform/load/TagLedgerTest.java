package com.allezon.platform.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TagLedgerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void noDependenciesAreAlwaysMet() {
        TagLedger ledger = new TagLedger();
        assertThat(ledger.acceptedInTime(0, System.nanoTime())).isTrue();
        assertThat(ledger.acceptedInTime(-5, System.nanoTime())).isTrue();
    }

    @Test
    void aPrefixIsKnownOnlyOnceEveryTagInItIsAnswered() {
        long t = System.nanoTime();
        TagLedger ledger = new TagLedger();
        ledger.answered(0, true, t);
        ledger.answered(2, true, t);
        assertThat(ledger.acceptedInTime(1, t)).isTrue();
        assertThat(ledger.acceptedInTime(3, t + SECOND)).as("tag 1 not answered yet").isFalse();
        ledger.answered(1, true, t);
        assertThat(ledger.acceptedInTime(3, t + SECOND)).isTrue();
    }

    @Test
    void theLatestAcceptanceBeforeTheIndexDecides() {
        long t = System.nanoTime();
        TagLedger ledger = new TagLedger();
        ledger.answered(0, true, t);
        ledger.answered(1, true, t + 5 * SECOND); // accepted late
        ledger.answered(2, true, t + SECOND);
        ledger.answered(3, true, t + 2 * SECOND);

        assertThat(ledger.acceptedInTime(1, t)).isTrue();
        assertThat(ledger.acceptedInTime(2, t + 4 * SECOND)).as("tag 1 came at +5 s").isFalse();
        assertThat(ledger.acceptedInTime(2, t + 5 * SECOND)).isTrue();
        assertThat(ledger.acceptedInTime(4, t + 5 * SECOND)).isTrue();
        assertThat(ledger.acceptedInTime(4, t + 3 * SECOND)).isFalse();
    }

    @Test
    void aRefusedTagCountsAsAnsweredAndHoldsNothingUp() {
        long t = System.nanoTime();
        TagLedger ledger = new TagLedger();
        ledger.answered(0, true, t);
        ledger.answered(2, true, t);
        assertThat(ledger.acceptedInTime(3, t + SECOND)).as("tag 1 not answered yet").isFalse();
        ledger.answered(1, false, t + 1000 * SECOND);
        assertThat(ledger.acceptedInTime(2, t)).as("a refusal, however late, is no late acceptance").isTrue();
        assertThat(ledger.acceptedInTime(3, t)).isTrue();
    }

    @Test
    void aPrefixOfOnlyRefusedTagsIsInTime() {
        long t = System.nanoTime();
        TagLedger ledger = new TagLedger();
        ledger.answered(0, false, t + 5 * SECOND);
        ledger.answered(1, false, t + 5 * SECOND);
        assertThat(ledger.acceptedInTime(2, t)).isTrue();
        ledger.answered(2, true, t + 5 * SECOND);
        assertThat(ledger.acceptedInTime(3, t)).isFalse();
    }

    @Test
    void indicesBeyondTheWindowKeepTheAnswersConservative() {
        long t = System.nanoTime();
        TagLedger ledger = new TagLedger();
        ledger.answered(0, true, t + 9 * SECOND);
        for (long i = 1; i <= TagLedger.SLOTS + 10; i++) {
            ledger.answered(i, true, t);
        }
        // index 1's own prefix was overwritten: the latest of all (tag 0 at +9 s) answers for it
        assertThat(ledger.acceptedInTime(1, t + 8 * SECOND)).isFalse();
        assertThat(ledger.acceptedInTime(1, t + 9 * SECOND)).isTrue();
        // an answer for an index already far behind changes nothing
        ledger.answered(3, false, t);
        assertThat(ledger.acceptedInTime(TagLedger.SLOTS, t + 9 * SECOND)).isTrue();
    }
}
