package dev.castellan.server.codesign;

/** A failure of a command, in one line for its user; the command prints it and exits 1. */
final class CommandException extends RuntimeException {
    CommandException(String message) {
        super(message);
    }
}
