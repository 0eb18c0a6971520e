package io.ferry.files;

import java.nio.file.Path;
import java.util.Map;

/**
 * Ferry's directory in the user's home, {@code ~/.ferry}: the journal key and the REPL history
 * live there by default. The home is {@code $HOME} when it is set, as a shell would take it, and
 * the JVM's idea of it ({@code user.home}, read from the password database) only otherwise.
 */
public final class FerryHome {

    private FerryHome() {
    }

    /**
     * @param environment the process environment
     * @return {@code $HOME/.ferry}
     */
    public static Path directory(Map<String, String> environment) {
        String home = environment.get("HOME");
        if (home == null || home.isBlank()) {
            home = System.getProperty("user.home");
        }
        return Path.of(home, ".ferry");
    }
}
