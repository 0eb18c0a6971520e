package io.ferry.state;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Who takes a lease: this process, by its pid, its host and a token drawn once per process. Two
 * processes may share a pid and a host name (pid 1 in every container of a pod template, a pid
 * reused after a reboot); the token tells them apart.
 *
 * @param pid the process id
 * @param host the host name, or what {@value #HOST_VARIABLE} names it
 * @param token random, one per process
 */
public record ProcessIdentity(long pid, String host, String token) {

    /** The variable that names this host in leases instead of its host name. */
    public static final String HOST_VARIABLE = "FERRY_HOST_ID";

    private static final String TOKEN = UUID.randomUUID().toString();

    /** Checks the fields. */
    public ProcessIdentity {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(token, "token");
    }

    /**
     * @param environment the environment, for {@value #HOST_VARIABLE}
     * @return this process, on the host the environment names, else on its host name
     */
    public static ProcessIdentity current(Map<String, String> environment) {
        String named = environment.get(HOST_VARIABLE);
        return new ProcessIdentity(ProcessHandle.current().pid(), named == null || named.isBlank() ? hostName() : named.strip(), TOKEN);
    }

    /**
     * @param holder a lease's holder
     * @return whether the holder is known to be gone: a process of this host that no longer runs
     *     (or whose pid now belongs to another program or, being this process's, to another
     *     token). A holder on another host cannot be checked from here.
     */
    public boolean outlives(LeaseHolder holder) {
        if (!holder.host().equals(host)) {
            return false;
        }
        if (holder.pid() == pid) {
            return !holder.token().equals(token);
        }
        return ProcessHandle.of(holder.pid())
                .map(h -> !h.isAlive() || !h.info().command().map(c -> c.contains("java")).orElse(true))
                .orElse(true);
    }

    /**
     * @param holder a lease's holder
     * @return whether the holder is this very process
     */
    public boolean is(LeaseHolder holder) {
        return holder.token().equals(token) && holder.pid() == pid && holder.host().equals(host);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
