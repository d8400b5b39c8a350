package org.l2l4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Size and modification time of a file: cheap to read, and changes whenever the file is rewritten. */
record FileStamp(long size, long modifiedMillis) {

    static FileStamp of(Path file) throws IOException {
        return new FileStamp(Files.size(file), Files.getLastModifiedTime(file).toMillis());
    }
}
