package io.ferry.dsl;

import groovy.lang.Binding;
import io.ferry.secret.SecretRecord;
import io.ferry.transform.RecordDraft;
import io.ferry.transform.Transform;
import io.ferry.transform.TransformContext;
import java.util.List;
import java.util.Map;
import org.codehaus.groovy.runtime.InvokerHelper;

/**
 * A transform script with its arguments. Each record gets a new instance of the compiled script class,
 * so calls on several threads share nothing but the class and the read-only arguments.
 */
final class ScriptTransform implements Transform {

    private final String name;
    private final Class<? extends TransformScript> script;
    private final Map<String, Object> params;

    ScriptTransform(String name, Class<? extends TransformScript> script, Map<String, Object> params) {
        this.name = name;
        this.script = script;
        this.params = params;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<SecretRecord> apply(SecretRecord record, TransformContext context) {
        RecordDraft draft = new RecordDraft(record);
        Binding binding = new Binding();
        binding.setVariable("rec", draft);
        binding.setVariable("params", params);
        TransformScript instance = (TransformScript) InvokerHelper.createScript(script, binding);
        instance.use(context);
        Object result;
        try {
            result = instance.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // Groovy lets a script throw checked exceptions; the planner's error policy handles unchecked ones.
            throw new IllegalStateException("the script threw " + e.getClass().getName(), e);
        }
        return instance.skipped() ? List.of() : TransformResults.records(result, draft, name);
    }

    @Override
    public String toString() {
        return name;
    }
}
