package com.allezon.platform;

import com.allezon.platform.cli.DumpCommand;
import com.allezon.platform.cli.RunCommand;
import com.allezon.platform.cli.ServeCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The testing platform's command line: {@code run} drives a target and scores it, {@code serve} offers the
 * subscription API and web panel, {@code dump} prints the deterministic stream without any network.
 */
@Command(name = "platform", mixinStandardHelpOptions = true, version = "allezon testing platform 0.1.0",
        description = "Deterministic load, reference answers and scoring for an Allezon deployment.",
        subcommands = {RunCommand.class, ServeCommand.class, DumpCommand.class})
public final class PlatformCli implements Runnable {

    public static void main(String[] args) {
        int exit = new CommandLine(new PlatformCli()).execute(args);
        if (exit != 0 || !ServeCommand.serving()) {
            System.exit(exit);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
