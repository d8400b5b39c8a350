package org.l2l4j.data;

import java.nio.file.Path;

/**
 * A plain IDX file to read, and the file the user knows it by. They differ when {@code path}
 * was decompressed from {@code origin} into the cache: errors must name the user's file.
 */
record IdxFile(Path path, Path origin) {

    static IdxFile plain(Path path) {
        return new IdxFile(path, path);
    }
}
