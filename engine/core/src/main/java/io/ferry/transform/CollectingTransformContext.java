package io.ferry.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The context of one source record's trip through the transforms: collects the flags and the skip
 * reason the transforms give, and passes their log lines on. Used by the planner, and by anything
 * that runs transforms outside a migration (trying one out on a test record). Not thread-safe; one
 * per record.
 */
public final class CollectingTransformContext implements TransformContext {

    private final String sourceKey;
    private final Consumer<String> logSink;
    private final List<String> flags = new ArrayList<>();
    private String skipReason;

    /**
     * @param sourceKey the record's key in the source
     * @param logSink receives each log line
     */
    public CollectingTransformContext(String sourceKey, Consumer<String> logSink) {
        this.sourceKey = Objects.requireNonNull(sourceKey, "sourceKey");
        this.logSink = Objects.requireNonNull(logSink, "logSink");
    }

    @Override
    public String sourceKey() {
        return sourceKey;
    }

    @Override
    public void flag(String reason) {
        flags.add(reason);
    }

    @Override
    public void skip(String reason) {
        skipReason = reason;
    }

    @Override
    public void log(String message) {
        logSink.accept(message);
    }

    /** @return the reasons given to flag the record, in order */
    public List<String> flags() {
        return List.copyOf(flags);
    }

    /** @return why the record is to be left out, or null when it is not */
    public String skipReason() {
        return skipReason;
    }
}
