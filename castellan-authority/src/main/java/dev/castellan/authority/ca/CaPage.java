package dev.castellan.authority.ca;

import java.util.List;

/** One page of a listing and the opaque token for the next, null on the last page. */
public record CaPage<T>(List<T> items, String nextToken) {}
