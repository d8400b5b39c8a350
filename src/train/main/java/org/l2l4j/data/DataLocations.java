package org.l2l4j.data;

import java.nio.file.Path;

/** Where l2l4j keeps downloaded datasets and decompressed copies of user datasets. */
final class DataLocations {

    /** Environment variable that moves the data root away from {@code ~/.l2l4j/data}. */
    static final String DATA_ROOT_VARIABLE = "L2L4J_DATA";

    private DataLocations() {
    }

    static Path dataRoot() {
        String override = System.getenv(DATA_ROOT_VARIABLE);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return home().resolve("data");
    }

    static Path cacheRoot() {
        return home().resolve("cache");
    }

    private static Path home() {
        return Path.of(System.getProperty("user.home"), ".l2l4j");
    }
}
