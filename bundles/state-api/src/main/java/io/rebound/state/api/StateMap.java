package io.rebound.state.api;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A durable sorted map from string keys to byte-array records, from {@link StateStore#map}. Keys sort by their
 * UTF-16 code units ({@link String#compareTo}). Safe for concurrent use; each call is atomic on its own. Changes
 * return once durable (see {@link StateStore}).
 */
@ProviderType
public interface StateMap {

    /** @return the map's name */
    String name();

    /**
     * @return a copy of the record stored under {@code key}, or {@code null}
     * @throws StateException when the store cannot be read
     */
    byte[] get(String key);

    /**
     * Stores {@code value} under {@code key} and waits until it is durable.
     *
     * @param value the record; the array is copied
     * @return {@code true} when the key was new, {@code false} when an earlier record was replaced
     * @throws StateException when the change could not be made durable
     */
    boolean put(String key, byte[] value);

    /**
     * Removes the record under {@code key} and waits until the removal is durable.
     *
     * @return whether there was a record
     * @throws StateException when the change could not be made durable
     */
    boolean remove(String key);

    /**
     * Lists keys in order: those starting with {@code prefix}, after {@code after}, at most {@code limit}.
     *
     * @param prefix keys must start with this; {@code ""} for all
     * @param after only keys greater than this; {@code null} to start at the first key with the prefix
     * @param limit the most keys returned, at least 1
     */
    List<String> keys(String prefix, String after, int limit);

    /** @return the number of records */
    long size();

    /** @return the record under {@code key} decoded as UTF-8, or {@code null} */
    default String getText(String key) {
        byte[] value = get(key);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** Stores {@code value} encoded as UTF-8; see {@link #put}. */
    default boolean putText(String key, String value) {
        return put(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
