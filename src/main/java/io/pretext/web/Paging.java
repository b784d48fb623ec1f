package io.pretext.web;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

/**
 * The paging every listing accepts: {@code page} from 0, {@code size} 1 to {@link #MAX_SIZE}
 * (default {@link #DEFAULT_SIZE}). Sorting is fixed per listing, never taken from the caller, so
 * a request cannot sort by an unknown or internal column.
 */
public final class Paging {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    private Paging() {
    }

    /**
     * @throws InvalidRequestException when page or size is out of range
     */
    public static PageRequest of(int page, int size, Sort sort) {
        if (page < 0) {
            throw new InvalidRequestException("page", "page must be 0 or more, was " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidRequestException("size", "size must be between 1 and " + MAX_SIZE + ", was " + size);
        }
        return PageRequest.of(page, size, sort);
    }
}
