package io.ferry.dsl

import io.ferry.secret.SecretRecord
import io.ferry.transform.Transform
import io.ferry.transform.TransformContext
import io.ferry.transform.TransformFactory

import java.util.regex.Pattern

/** {@code transform 'rename', from: ~/^app\//, to: 'svc/'}: a named transform for the DSL tests. */
class RenameTransformFactory implements TransformFactory {

    @Override
    String name() { 'rename' }

    @Override
    String description() { 'replaces the part of each key matching from: with to:' }

    @Override
    Transform create(Map<String, Object> arguments) {
        if (!(arguments.from instanceof Pattern) || !(arguments.to instanceof String)) {
            throw new IllegalArgumentException("rename needs from: ~/REGEX/ and to: 'TEXT'")
        }
        Pattern from = arguments.from as Pattern
        String to = arguments.to
        new Rename(from, to)
    }

    static final class Rename implements Transform {
        final Pattern from
        final String to

        Rename(Pattern from, String to) {
            this.from = from
            this.to = to
        }

        @Override
        String name() { 'rename' }

        @Override
        List<SecretRecord> apply(SecretRecord record, TransformContext context) {
            [record.toBuilder().key(from.matcher(record.key()).replaceFirst(to)).build()]
        }
    }
}
