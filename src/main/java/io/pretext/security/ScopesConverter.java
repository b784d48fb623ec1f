package io.pretext.security;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a set of scopes as a sorted comma-separated column, e.g. {@code read,write}. */
@Converter
class ScopesConverter implements AttributeConverter<Set<Scope>, String> {

    @Override
    public String convertToDatabaseColumn(Set<Scope> scopes) {
        return scopes.stream().sorted().map(Scope::value).collect(Collectors.joining(","));
    }

    @Override
    public Set<Scope> convertToEntityAttribute(String column) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        if (column != null && !column.isBlank()) {
            Arrays.stream(column.split(",")).map(Scope::of).forEach(scopes::add);
        }
        return scopes;
    }
}
