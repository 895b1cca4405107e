package dev.castellan.core;

import java.util.Objects;

/**
 * The one exception type of Castellan's domain: a stable {@link ErrorCode} and a message that is safe to show
 * to the client. Protocol edges translate it; they never parse the message.
 */
public class CastellanException extends RuntimeException {
    private final ErrorCode code;

    public CastellanException(ErrorCode code, String clientMessage) {
        super(clientMessage);
        this.code = Objects.requireNonNull(code);
    }

    public CastellanException(ErrorCode code, String clientMessage, Throwable cause) {
        super(clientMessage, cause);
        this.code = Objects.requireNonNull(code);
    }

    public ErrorCode code() {
        return code;
    }

    public static CastellanException invalidArgs(String message) {
        return new CastellanException(ErrorCode.INVALID_ARGS, message);
    }

    public static CastellanException validation(String message) {
        return new CastellanException(ErrorCode.VALIDATION, message);
    }

    public static CastellanException notFound(String message) {
        return new CastellanException(ErrorCode.NOT_FOUND, message);
    }

    public static CastellanException invalidState(String message) {
        return new CastellanException(ErrorCode.INVALID_STATE, message);
    }
}
