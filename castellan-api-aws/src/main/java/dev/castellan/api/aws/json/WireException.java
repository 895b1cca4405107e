package dev.castellan.api.aws.json;

/**
 * A failure of the AWS wire protocol itself, before any use case runs: unreadable JSON, wrong content type,
 * unknown operation, failed authentication. It carries the AWS error name and HTTP status directly, since these
 * errors exist only at this edge.
 */
public final class WireException extends RuntimeException {
    private final String type;
    private final int status;

    public WireException(String type, int status, String message) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    public static WireException serialization(String message) {
        return new WireException("SerializationException", 400, message);
    }
}
