package dev.castellan.server.client;

/**
 * Why a command-line client could not do what it was asked, in one sentence a person can act on. The kind tells
 * the command what went wrong without parsing the message.
 */
public final class ClientException extends RuntimeException {
    /** What kind of failure. */
    public enum Kind {
        /** No usable endpoint, credentials or profile in the environment and files. */
        CONFIGURATION,
        /** The server could not be reached at all. */
        UNREACHABLE,
        /** The server answered with an error. */
        REFUSED
    }

    private final Kind kind;
    private final String awsType;

    ClientException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    ClientException(Kind kind, String message, String awsType, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.awsType = awsType;
    }

    public Kind kind() {
        return kind;
    }

    /** The AWS error name ({@code __type}) of a {@link Kind#REFUSED} failure, e.g. {@code NotFoundException}. */
    public String awsType() {
        return awsType;
    }
}
