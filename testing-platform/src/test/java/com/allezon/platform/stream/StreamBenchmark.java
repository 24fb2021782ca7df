package com.allezon.platform.stream;

/**
 * How fast one thread produces the stream with its expected answers (requests per second). A program, not
 * a test: {@code java -cp ... com.allezon.platform.stream.StreamBenchmark [tags] [rate]}.
 */
public final class StreamBenchmark {

    public static void main(String[] args) {
        long tags = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long rate = args.length > 1 ? Long.parseLong(args[1]) : 20_000;
        for (int round = 0; round < 3; round++) {
            RequestStream stream = new RequestStream(round, rate);
            long requests = 0;
            long bytes = 0;
            long start = System.nanoTime();
            while (stream.tagsGenerated() < tags) {
                bytes += stream.next().body().length();
                requests++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d: %d requests in %.2f s = %.0f req/s, %.1f MB of bodies%n",
                    round, requests, seconds, requests / seconds, bytes / 1e6);
        }
    }
}
