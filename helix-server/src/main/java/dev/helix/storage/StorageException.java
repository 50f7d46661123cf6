package dev.helix.storage;

/** The database could not be opened, migrated or reached; the message says which and why. */
public final class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
