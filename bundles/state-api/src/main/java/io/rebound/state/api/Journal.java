package io.rebound.state.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A durable append-only list of text entries, numbered from 1 in append order, from {@link StateStore#journal}. For
 * histories that must survive reboots (the recovery manager's recoveries, for example). Safe for concurrent use.
 */
@ProviderType
public interface Journal {

    /** @return the journal's name */
    String name();

    /**
     * Appends {@code entry} and waits until it is durable.
     *
     * @return the entry's sequence number, one more than the previous entry's
     * @throws StateException when the entry could not be made durable
     */
    long append(String entry);

    /** @return the latest {@code max} entries, oldest first */
    List<String> latest(int max);

    /**
     * Removes all but the latest {@code keep} entries (sequence numbers are never reused) and waits until that is
     * durable.
     *
     * @return how many entries were removed
     */
    int trim(int keep);

    /** @return the number of entries */
    long size();
}
