/**
 * How a bench program starts and ends, the same for every one its script runs: bad options exit 2 (the script has
 * printed the usage already, so only the reason is said), a {@link BenchFailure} exits 1 after the results so far,
 * otherwise the run's own status; and every Rebound server it started is killed on the way out, however it ends.
 */
final class BenchMain {

    private BenchMain() {
    }

    interface Parser<O> {
        /** @throws IllegalArgumentException on options that make no sense */
        O parse(String[] args);
    }

    interface Run<O> {
        /** @return the exit status: 0 every target passed, 1 not */
        int run(O options) throws Exception;
    }

    /** @param name what the messages on stderr start with, as the script's own ("chaos: ...") */
    static <O> void main(String name, String[] args, Parser<O> parser, Run<O> bench) throws Exception {
        O options;
        try {
            options = parser.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(name + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(BenchServer::killAll, "kill-servers"));
        int status;
        try {
            status = bench.run(options);
        } catch (BenchFailure e) {
            System.out.flush();
            System.err.println(name + ": " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }
}
