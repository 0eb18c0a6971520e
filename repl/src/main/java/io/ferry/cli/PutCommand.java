package io.ferry.cli;

import io.ferry.api.ExitCode;
import io.ferry.api.FerryException;
import io.ferry.cli.terminal.TerminalText;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import io.ferry.spi.ProviderException;
import io.ferry.spi.SecretProvider;
import io.ferry.spi.WriteCondition;
import io.ferry.spi.WriteOptions;
import io.ferry.spi.WriteResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry put URI KEY}: creates or updates one secret. The value comes from standard input (or
 * is typed without echo on a terminal), never from an argument, which would land in shell history
 * and in every process listing.
 */
@Command(name = "put", sortOptions = false,
        description = {
                "Creates or updates one secret, reading its value from standard input (never from an argument).",
                "For example:",
                "  printf '%%s' \"$VALUE\" | ferry put local:secrets.db app/api-key --tag env=dev",
                "On a terminal the value is asked for without echo. Existing tags are kept unless given again."})
final class PutCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URI", description = "The store, for example local:secrets.db.")
    private String uri;

    @Parameters(index = "1", paramLabel = "KEY", description = "The secret's key.")
    private String key;

    @Option(names = "--content-type", paramLabel = "TYPE", description = "The content type, for example application/json.")
    private String contentType;

    @Option(names = "--tag", paramLabel = "NAME=VALUE", description = "A tag to set; repeat for more.")
    private Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--raw",
            description = "Keep standard input byte for byte (by default one trailing line break is dropped, "
                    + "as echo and <<< add one).")
    private boolean raw;

    @Override
    public Integer call() {
        try (SecretProvider store = Stores.open(main.host(), uri)) {
            store.writeRefusal().ifPresent(why -> {
                throw new IllegalArgumentException(why);
            });
            refuseIfBroken(store.constraints().nameViolations(key));
            SecretValue value = readValue(store.constraints().maxValueBytes());
            Optional<SecretRecord> existing = store.read(key);
            SecretRecord.Builder draft = existing.map(SecretRecord::toBuilder).orElseGet(() -> SecretRecord.builder(key));
            draft.value(value);
            if (contentType != null) {
                draft.contentType(contentType);
            }
            tags.forEach(draft::tag);
            SecretRecord rec = draft.build();
            refuseIfBroken(store.violations(rec));
            WriteResult written = write(store, rec, existing);
            PrintWriter out = spec.commandLine().getOut();
            out.println((written.created() ? "created " : "updated ") + key + " in " + uri + " (version "
                    + written.version() + ", " + value.size() + " bytes)");
            out.flush();
            return 0;
        }
    }

    /** Refuses what the store would not keep, before anything is read from the store or written to it. */
    private void refuseIfBroken(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new FerryException(ExitCode.USAGE, "cannot put '" + key + "' in " + uri + ": " + String.join("; ", problems));
        }
    }

    /** Writes only over the version just read, so that a change made meanwhile by someone else is not lost. */
    private WriteResult write(SecretProvider store, SecretRecord rec, Optional<SecretRecord> existing) {
        WriteCondition condition = existing.map(SecretRecord::version).map(WriteCondition::ifVersion)
                .orElse(existing.isPresent() ? WriteCondition.upsert() : WriteCondition.createOnly());
        try {
            return store.write(rec, condition, WriteOptions.none());
        } catch (ProviderException e) {
            if (existing.isEmpty() && store.isSoftDeleted(key)) {
                throw new FerryException(ExitCode.ENVIRONMENT, "'" + key + "' in " + uri + " is held by a deleted "
                        + "secret that the store keeps recoverable; recover it to keep its versions, or purge it to free "
                        + "the name (with the store's own tools, or a runbook's planning { onSoftDeleted 'recover' } or "
                        + "'purge'), then put again", e);
            }
            if (e.kind() == ProviderException.Kind.CONFLICT || e.kind() == ProviderException.Kind.EXISTS) {
                throw new FerryException(ExitCode.ENVIRONMENT, "'" + key + "' in " + uri
                        + " was changed by someone else while writing; look at it with ferry get, then put again", e);
            }
            throw e;
        }
    }

    private SecretValue readValue(int maxBytes) {
        byte[] bytes = main.host().terminal().interactive() ? typed() : piped(maxBytes);
        if (bytes.length > maxBytes) {
            throw new IllegalArgumentException("the value on standard input is larger than the " + maxBytes
                    + " bytes " + uri + " allows");
        }
        if (!raw) {
            bytes = withoutTrailingLineBreak(bytes);
        }
        if (bytes.length == 0) {
            throw new IllegalArgumentException("no value for '" + key + "' on standard input; pipe it in, for example: "
                    + "printf '%s' \"$VALUE\" | ferry put " + uri + " " + key);
        }
        return SecretValue.ofOwnedBytes(bytes);
    }

    private byte[] typed() {
        char[] chars = main.host().terminal().askSecret("Value for " + TerminalText.escape(key) + " (not shown): ");
        if (chars == null) {
            return new byte[0];
        }
        var buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
        Arrays.fill(chars, '\0');
        Arrays.fill(buffer.array(), (byte) 0);
        return bytes;
    }

    /** Reads one byte more than allowed, to tell a value that fits from one that does not without reading it all. */
    private byte[] piped(int maxBytes) {
        InputStream in = main.host().stdin();
        try {
            return in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the value from standard input: " + e.getMessage(), e);
        }
    }

    private static byte[] withoutTrailingLineBreak(byte[] bytes) {
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\n') {
            end--;
            if (end > 0 && bytes[end - 1] == '\r') {
                end--;
            }
        }
        return end == bytes.length ? bytes : Arrays.copyOf(bytes, end);
    }
}
