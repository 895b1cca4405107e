package dev.castellan.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The few things every caller of a {@code CompletableFuture} needs here: the exception that actually failed it, and
 * a join that throws that exception rather than a wrapper, so the error model stays the same either way.
 */
public final class Futures {
    private Futures() {}

    /** The failure inside {@link CompletionException}/{@link ExecutionException} wrappers. */
    public static Throwable cause(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** The value, or the exception it threw, as a future already complete: the answer-later form of a call made now. */
    public static <T> CompletableFuture<T> now(Supplier<T> call) {
        try {
            return CompletableFuture.completedFuture(call.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Waits for the future; a failure is thrown as what it is, unwrapped. */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable c = cause(e);
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new CastellanException(ErrorCode.INTERNAL, "The operation failed: " + c, c);
        }
    }
}
