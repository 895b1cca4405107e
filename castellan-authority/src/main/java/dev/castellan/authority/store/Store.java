package dev.castellan.authority.store;

import java.util.function.Function;

/**
 * The authority's door to durable state. Work runs inside a transaction handed to the callback: everything it
 * writes commits together or not at all, and an exception rolls it back.
 */
public interface Store {
    <T> T read(Function<ReadTransaction, T> work);

    <T> T write(Function<WriteTransaction, T> work);
}
