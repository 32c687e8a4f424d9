package io.rebound.files.internal;

import java.util.Map;

import io.rebound.recovery.api.ConfigProperties;

/** The configuration {@link FilesConfiguration} declares, as read for one activation. */
record FilesSettings(String indexFile, long maxAgeSeconds, int cacheMaxFileBytes, long cacheMaxBytes) {

    /**
     * @throws InvalidConfigurationException naming the property when a value is not of its type (ranges are checked
     *         where the values are used: {@link FilesHandler}, {@link FileContentCache})
     */
    static FilesSettings of(Map<String, Object> properties) {
        ConfigProperties config = new ConfigProperties(FilesHandler.PID, properties);
        return new FilesSettings(config.stringValue("index.file", FilesConfiguration.INDEX_FILE),
                config.longValue("max.age.seconds", FilesConfiguration.MAX_AGE_SECONDS),
                config.intValue("cache.max.file.bytes", FilesConfiguration.CACHE_MAX_FILE_BYTES),
                config.longValue("cache.max.bytes", FilesConfiguration.CACHE_MAX_BYTES));
    }

    /** @return whether the configuration asks for a file cache (a zero size turns it off) */
    boolean cacheWanted() {
        return cacheMaxFileBytes > 0 && cacheMaxBytes > 0;
    }
}
