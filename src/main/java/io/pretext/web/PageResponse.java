package io.pretext.web;

import java.util.List;
import java.util.function.Function;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.data.domain.Page;

/**
 * A page of a listing, as every paged endpoint returns it. Pages are numbered from 0.
 *
 * @param items the items on this page, never null
 * @param page this page's number
 * @param size the requested page size
 * @param totalItems how many items there are in all
 * @param totalPages how many pages there are in all
 */
@Schema(requiredProperties = {"items", "page", "size", "totalItems", "totalPages"})
public record PageResponse<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    /** Maps a Spring Data page to the API's page shape. */
    public static <E, T> PageResponse<T> of(Page<E> page, Function<E, T> mapper) {
        return new PageResponse<>(page.getContent().stream().map(mapper).toList(), page.getNumber(), page.getSize(),
                page.getTotalElements(), page.getTotalPages());
    }
}
