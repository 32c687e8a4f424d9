package io.rebound.files.internal;

import java.util.Map;

import io.rebound.recovery.api.ConfigProperties;
import io.rebound.recovery.api.InvalidConfigurationException;

/** The configuration {@link FilesConfiguration} declares, as read for one activation. */
record FilesSettings(String indexFile, long maxAgeSeconds, int cacheMaxFileBytes, long cacheMaxBytes) {

    /**
     * @throws InvalidConfigurationException naming the property when a value is not of its type, or a cache size is
     *         negative (the index file and the max-age are checked where they are used, {@link FilesHandler})
     */
    static FilesSettings of(Map<String, Object> properties) {
        ConfigProperties config = new ConfigProperties(FilesHandler.PID, properties);
        FilesSettings settings = new FilesSettings(config.stringValue("index.file", FilesConfiguration.INDEX_FILE),
                config.longValue("max.age.seconds", FilesConfiguration.MAX_AGE_SECONDS),
                config.intValue("cache.max.file.bytes", FilesConfiguration.CACHE_MAX_FILE_BYTES),
                config.longValue("cache.max.bytes", FilesConfiguration.CACHE_MAX_BYTES));
        if (settings.cacheMaxFileBytes < 0 || settings.cacheMaxBytes < 0) {
            throw new InvalidConfigurationException(FilesHandler.PID, "cache.max.file.bytes and cache.max.bytes must "
                    + "not be negative, were " + settings.cacheMaxFileBytes + " and " + settings.cacheMaxBytes);
        }
        return settings;
    }

    /** @return whether the configuration asks for a file cache (a zero size turns it off) */
    boolean cacheWanted() {
        return cacheMaxFileBytes > 0 && cacheMaxBytes > 0;
    }
}
