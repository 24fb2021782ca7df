package com.allezon.platform.cli;

import java.util.concurrent.Callable;

import com.allezon.platform.control.PlatformServer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts the web panel and the subscription API. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the web panel and the subscription API (see the module README).")
public final class ServeCommand implements Callable<Integer> {

    private static volatile boolean serving;

    @Option(names = "--port", defaultValue = "8090", description = "HTTP port (default ${DEFAULT-VALUE}).")
    int port;

    /** True once the server runs: the process then lives on after the command returns. */
    public static boolean serving() {
        return serving;
    }

    @Override
    public Integer call() {
        PlatformServer.start(port);
        serving = true;
        return 0;
    }
}
