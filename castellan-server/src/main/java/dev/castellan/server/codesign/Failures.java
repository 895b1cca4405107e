package dev.castellan.server.codesign;

import dev.castellan.core.CastellanException;
import dev.castellan.server.client.ClientException;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/** Runs a command's body and turns every failure a user can act on into one line on stderr and exit code 1. */
final class Failures {
    private Failures() {}

    static int report(PrintStream err, Callable<Integer> body) {
        try {
            return body.call();
        } catch (CommandException | ClientException | CastellanException e) {
            err.println("castellan: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("castellan: unexpected failure: " + e);
            return 1;
        }
    }
}
