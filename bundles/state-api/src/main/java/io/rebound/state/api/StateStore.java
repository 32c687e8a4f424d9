package io.rebound.state.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable store: named {@link StateMap maps} of records and named {@link Journal journals}, all in one file
 * under the server's data directory.
 *
 * <p><b>Durability.</b> Every change ({@link StateMap#put}, {@link StateMap#remove}, {@link Journal#append}, ...)
 * returns only when it is durable: written to the file and, under the default policy, forced to the disk
 * ({@code fsync}); changes of concurrent callers share one write and one force (group commit). A change that cannot
 * be made durable throws {@link StateException}. Reads see every change that has returned and may see changes
 * still on their way to the disk.
 *
 * <p><b>Crash-only.</b> There is no clean-shutdown path that matters: opening the store recovers it (the last
 * complete commit wins), so killing the process at any moment loses nothing that was acknowledged.
 *
 * <p>Names of maps and journals are 1 to 64 characters of {@code A-Z a-z 0-9 . _ -}; a map and a journal may share
 * a name. Components should prefix names with their own name ({@code kv.}, {@code recovery.}).
 */
@ProviderType
public interface StateStore {

    /**
     * @param name the map's name
     * @return the map, created empty when first used
     * @throws IllegalArgumentException for an invalid name
     */
    StateMap map(String name);

    /**
     * @param name the journal's name
     * @return the journal, created empty when first used
     * @throws IllegalArgumentException for an invalid name
     */
    Journal journal(String name);
}
