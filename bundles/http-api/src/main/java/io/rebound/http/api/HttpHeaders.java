package io.rebound.http.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An ordered, immutable list of header fields with case-insensitive lookup by name. Field order is kept because
 * HTTP gives meaning to the order of repeated fields.
 */
public final class HttpHeaders {

    /** The empty header list. */
    public static final HttpHeaders EMPTY = new HttpHeaders(new String[0], 0);

    // Names and values interleaved: [name0, value0, name1, value1, ...]. One array keeps parsing allocation-light.
    private final String[] fields;
    private final int size;

    private HttpHeaders(String[] fields, int size) {
        this.fields = fields;
        this.size = size;
    }

    /**
     * Builds a header list from interleaved names and values.
     *
     * @param namesAndValues {@code name0, value0, name1, value1, ...}; the array is copied
     * @throws IllegalArgumentException if the array has an odd length or a null element
     */
    public static HttpHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("header names and values must come in pairs");
        }
        for (String s : namesAndValues) {
            Objects.requireNonNull(s, "header name or value");
        }
        return new HttpHeaders(namesAndValues.clone(), namesAndValues.length / 2);
    }

    /** @return the number of fields */
    public int size() {
        return size;
    }

    /** @return the name of field {@code i}, as received */
    public String name(int i) {
        Objects.checkIndex(i, size);
        return fields[2 * i];
    }

    /** @return the value of field {@code i}, without surrounding whitespace */
    public String value(int i) {
        Objects.checkIndex(i, size);
        return fields[2 * i + 1];
    }

    /** @return the value of the first field named {@code name}, or {@code null} */
    public String first(String name) {
        for (int i = 0; i < size; i++) {
            if (fields[2 * i].equalsIgnoreCase(name)) {
                return fields[2 * i + 1];
            }
        }
        return null;
    }

    /** @return the values of every field named {@code name}, in order; empty when there is none */
    public List<String> all(String name) {
        List<String> values = null;
        for (int i = 0; i < size; i++) {
            if (fields[2 * i].equalsIgnoreCase(name)) {
                if (values == null) {
                    values = new ArrayList<>(2);
                }
                values.add(fields[2 * i + 1]);
            }
        }
        return values == null ? List.of() : Collections.unmodifiableList(values);
    }

    /** @return how many fields are named {@code name} */
    public int count(String name) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (fields[2 * i].equalsIgnoreCase(name)) {
                n++;
            }
        }
        return n;
    }

    /**
     * @return whether some field named {@code name} holds {@code token} in its comma-separated list, ignoring case
     *         (for {@code Connection: keep-alive, Upgrade} and the like)
     */
    public boolean hasToken(String name, String token) {
        for (int i = 0; i < size; i++) {
            if (fields[2 * i].equalsIgnoreCase(name)) {
                for (String part : fields[2 * i + 1].split(",")) {
                    if (part.trim().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < size; i++) {
            sb.append(fields[2 * i]).append(": ").append(fields[2 * i + 1]).append('\n');
        }
        return sb.toString();
    }
}
