package io.ferry.cli.repl;

/**
 * What {@code put(key, value)} did, shown when it is a line's result; a loop of puts shows one
 * progress line and a count instead of a line per put.
 *
 * @param key the secret's key
 * @param uri the store
 * @param version the version the store gave the value, or null
 * @param bytes the value's size
 * @param created whether the secret is new
 */
public record Written(String key, String uri, String version, int bytes, boolean created) {

    @Override
    public String toString() {
        return (created ? "created " : "updated ") + key + " in " + uri + " (version " + version + ", " + bytes + " bytes)";
    }
}
