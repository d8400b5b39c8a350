package org.l2l4j.data;

import java.nio.file.Path;

/**
 * A dataset file is missing, damaged or does not have the expected format.
 * The message names the file, says what is wrong and how to fix it.
 */
public final class DatasetException extends RuntimeException {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }

    static DatasetException forFile(Path file, String problem, String remedy) {
        return new DatasetException(file + ": " + problem + ". " + remedy);
    }

    static DatasetException forFile(Path file, String problem, String remedy, Throwable cause) {
        return new DatasetException(file + ": " + problem + ". " + remedy, cause);
    }
}
