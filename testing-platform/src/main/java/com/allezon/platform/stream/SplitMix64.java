package com.allezon.platform.stream;

/**
 * SplitMix64: a tiny counter-based generator. {@link #at} seeds one from (seed, stream, index) by hashing, so
 * that every random choice of the platform is a pure function of its seed and its position in the stream,
 * the same on every machine and independent of the order anything is computed in.
 */
public final class SplitMix64 {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long state;

    public SplitMix64(long state) {
        this.state = state;
    }

    /** A generator for one item of one stream of a seed. */
    public static SplitMix64 at(long seed, long stream, long index) {
        return new SplitMix64(mix(mix(seed + stream * GOLDEN_GAMMA) ^ index));
    }

    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in {@code [0, bound)} for a positive bound (multiply-shift, no modulo bias worth the name). */
    public int nextInt(int bound) {
        return (int) (((nextLong() >>> 33) * bound) >>> 31);
    }

    /** Uniform in {@code [0, 1)}. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** True with the given probability. */
    public boolean chance(double probability) {
        return nextDouble() < probability;
    }

    /** In {@code [0, bound)}, skewed towards 0: the density falls like {@code 1/x^(1-1/power)}. */
    public int skewed(int bound, int power) {
        return (int) (Math.pow(nextDouble(), power) * bound);
    }
}
