package io.ferry.transforms;

import io.ferry.secret.SecretRecord;
import io.ferry.transform.Transform;
import io.ferry.transform.TransformArguments;
import io.ferry.transform.TransformContext;
import io.ferry.transform.TransformFactory;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** {@code content-type}: sets the content type of every record. Not reversible: the old one is lost. */
public final class ContentTypeTransform implements Transform {

    private final String contentType;

    /** @param contentType the new content type */
    public ContentTypeTransform(String contentType) {
        this.contentType = contentType;
    }

    @Override
    public String name() {
        return "content-type";
    }

    @Override
    public List<SecretRecord> apply(SecretRecord record, TransformContext context) {
        return List.of(Objects.equals(record.contentType(), contentType) ? record : record.toBuilder().contentType(contentType).build());
    }

    /** Creates {@code content-type} from {@code set}. */
    public static final class Factory implements TransformFactory {
        @Override
        public String name() {
            return "content-type";
        }

        @Override
        public String description() {
            return "set the content type of records: set: 'application/json'";
        }

        @Override
        public Transform create(Map<String, Object> arguments) {
            TransformArguments args = new TransformArguments(name(), arguments, Set.of("set"));
            return new ContentTypeTransform(args.string("set"));
        }
    }
}
