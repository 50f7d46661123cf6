package dev.helix.storage;

/** The database engines Helix runs on; each has its own migration folder. */
public enum DatabaseKind {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String folder;

    DatabaseKind(String folder) {
        this.folder = folder;
    }

    /** The name used for the migration folder ({@code db/migration/<name>}) and in {@code /status}. */
    public String id() {
        return folder;
    }
}
