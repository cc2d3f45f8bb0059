package io.github.inqspark.core;

/** A serialized quantization state that cannot be trusted: truncated, corrupt or of another version. */
public class CorruptStateException extends RuntimeException {

    public CorruptStateException(String message) {
        super(message);
    }

    public CorruptStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
