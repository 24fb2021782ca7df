package com.allezon.platform.load;

/**
 * A program, for measuring how much load {@code run} holds: a trivially correct target ({@link EchoTarget}) on
 * a loopback port. {@code java -cp ... com.allezon.platform.load.TrivialTargetServer [port]}
 */
public final class TrivialTargetServer {

    public static void main(String[] args) {
        EchoTarget target = new EchoTarget(args.length > 0 ? Integer.parseInt(args[0]) : 18080);
        System.out.println("trivial target on " + target.uri());
        target.awaitDisposal();
    }
}
