package io.github.inqspark.store;

import java.io.IOException;

/** A committed checkpoint whose files do not match their recorded checksums, or are missing. */
public class CorruptCheckpointException extends IOException {

    public CorruptCheckpointException(String message) {
        super(message);
    }
}
