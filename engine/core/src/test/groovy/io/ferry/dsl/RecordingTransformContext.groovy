package io.ferry.dsl

import io.ferry.transform.TransformContext

/** A planner's transform context that remembers what the transform said. */
class RecordingTransformContext implements TransformContext {
    final String sourceKey
    final List<String> flags = []
    final List<String> skips = []
    final List<String> logs = []

    RecordingTransformContext(String sourceKey) {
        this.sourceKey = sourceKey
    }

    @Override
    String sourceKey() { sourceKey }

    @Override
    void flag(String reason) { flags << reason }

    @Override
    void skip(String reason) { skips << reason }

    @Override
    void log(String message) { logs << message }
}
