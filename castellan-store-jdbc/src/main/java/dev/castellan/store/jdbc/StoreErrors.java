package dev.castellan.store.jdbc;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import java.sql.SQLException;

/**
 * Turns a failed JDBC call into the domain error. The client-safe message names what the store was doing; the
 * SQL, its parameters and the driver's message stay in the cause, which only the server log sees.
 */
final class StoreErrors {
    /** PostgreSQL's serialization_failure and deadlock_detected: someone else's transaction won. */
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final String DEADLOCK_DETECTED = "40P01";

    private StoreErrors() {}

    static CastellanException of(String action, SQLException e) {
        String state = e.getSQLState();
        if (SERIALIZATION_FAILURE.equals(state) || DEADLOCK_DETECTED.equals(state)) {
            return new CastellanException(ErrorCode.CONCURRENT_MODIFICATION,
                    "The store could not " + action + " because of a concurrent change; retry.", e);
        }
        return new CastellanException(ErrorCode.INTERNAL, "The store could not " + action + ".", e);
    }
}
