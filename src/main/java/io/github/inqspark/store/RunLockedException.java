package io.github.inqspark.store;

import java.io.IOException;

/** Another live run holds the run directory. */
public class RunLockedException extends IOException {

    public RunLockedException(String message) {
        super(message);
    }
}
