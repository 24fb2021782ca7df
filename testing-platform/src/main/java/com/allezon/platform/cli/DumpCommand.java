package com.allezon.platform.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import com.allezon.platform.stream.PlatformRequest;
import com.allezon.platform.stream.RequestStream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the stream as JSON lines: one object per request, in send order, queries with their expected answer. */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Print the first N tags of a seed's stream, with the queries interleaved, as JSON lines.")
public final class DumpCommand implements Callable<Integer> {

    @Option(names = "--seed", required = true, description = "Seed of the stream.")
    long seed;

    @Option(names = "--rate", required = true, description = "Tags per second (decides which queries are asked).")
    long rate;

    @Option(names = "--tags", required = true, description = "How many tags to print (with their queries).")
    long tags;

    @Override
    public Integer call() throws IOException {
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        dump(seed, rate, tags, out);
        out.flush();
        return 0;
    }

    /** Writes the stream up to and including the queries that follow the last tag. */
    public static void dump(long seed, long rate, long tags, Appendable out) {
        RequestStream stream = new RequestStream(seed, rate);
        try {
            while (true) {
                PlatformRequest request = stream.next();
                if (request.tick() >= tags) {
                    return;
                }
                out.append(request.dumpLine()).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
