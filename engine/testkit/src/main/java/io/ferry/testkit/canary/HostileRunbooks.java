package io.ferry.testkit.canary;

/**
 * Groovy runbooks whose transforms, hooks, steps and callbacks fail with messages built from a
 * value, for canary tests of everything that runs user code. Each takes the store and key the hostile
 * code reads its value from ({@code memory:NAME} stores need no passphrase and are shared in the JVM).
 */
public final class HostileRunbooks {

    private HostileRunbooks() {
    }

    /**
     * A copy whose transform converts what it reads from a JSON record with {@code as Integer}: over
     * {@link Canary#json()}, {@code rec.json.db.port} fails with a {@code NumberFormatException} that
     * quotes the text, and {@code rec.json.db} with Groovy's {@code GroovyCastException} that quotes the
     * whole object. Records that are not JSON are copied.
     *
     * @param source the source URI
     * @param target the target URI
     * @param expression what to convert, read from the record {@code rec}, such as {@code rec.json.db.port}
     * @return the runbook's text; the conversion is on its line 6
     */
    public static String castingTransform(String source, String target, String expression) {
        return "runbook {\n"
                + "    source '" + source + "'\n"
                + "    target '" + target + "'\n"
                + "    transform { rec ->\n"
                + "        if (rec.json?.db) {\n"
                + "            rec.tags.converted = (" + expression + " as Integer).toString()\n"
                + "        }\n"
                + "    }\n"
                + "    planning { onExisting 'update' }\n"
                + "    execution { onError 'flag' }\n"
                + "}\n";
    }

    /**
     * A copy whose transform throws an exception quoting the value it was given in every encoding.
     *
     * @param source the source URI
     * @param target the target URI
     * @param onError the runbook's onError: stop, skip or flag
     * @return the runbook's text
     */
    public static String throwingTransform(String source, String target, String onError) {
        return "runbook {\n"
                + "    source '" + source + "'\n"
                + "    target '" + target + "'\n"
                + "    transform { rec ->\n"
                + "        throw io.ferry.testkit.canary.HostileCode.failure(new String(rec.value.bytes(), 'UTF-8'))\n"
                + "    }\n"
                + "    execution { onError '" + onError + "' }\n"
                + "}\n";
    }

    /**
     * A copy whose after-planning, after-execution, after-validation and rollback hooks throw
     * exceptions quoting a value they read themselves.
     *
     * @param source the source URI
     * @param target the target URI
     * @param valueStore where the hooks read the value
     * @param key its key
     * @return the runbook's text
     */
    public static String failingHooks(String source, String target, String valueStore, String key) {
        String fail = "throw io.ferry.testkit.canary.HostileCode.failure("
                + "io.ferry.testkit.canary.HostileCode.read('" + valueStore + "', '" + key + "'))";
        return "runbook {\n"
                + "    source '" + source + "'\n"
                + "    target '" + target + "'\n"
                + "    planning { onExisting 'update'; after { ctx -> " + fail + " } }\n"
                + "    execution { after { ctx -> " + fail + " } }\n"
                + "    validation { after { ctx -> " + fail + " } }\n"
                + "    rollback { ctx -> " + fail + " }\n"
                + "}\n";
    }

    /**
     * A copy whose before-execution hook throws an exception quoting a value it read, which stops the
     * run before anything is written.
     *
     * @param source the source URI
     * @param target the target URI
     * @param valueStore where the hook reads the value
     * @param key its key
     * @return the runbook's text
     */
    public static String failingBeforeHook(String source, String target, String valueStore, String key) {
        return "runbook {\n"
                + "    source '" + source + "'\n"
                + "    target '" + target + "'\n"
                + "    before 'execution', { ctx -> throw io.ferry.testkit.canary.HostileCode.failure("
                + "io.ferry.testkit.canary.HostileCode.read('" + valueStore + "', '" + key + "')) }\n"
                + "}\n";
    }

    /**
     * A procedure whose first step keeps the value as a step variable and whose second step throws
     * an exception quoting it; the first step's undo throws too.
     *
     * @param valueStore where the step reads the value
     * @param key its key
     * @return the runbook's text
     */
    public static String failingProcedure(String valueStore, String key) {
        return "runbook {\n"
                + "    step('hold the value') { ctx ->\n"
                + "        put 'value', io.ferry.testkit.canary.HostileCode.read('" + valueStore + "', '" + key + "')\n"
                + "    } undo { ctx ->\n"
                + "        throw io.ferry.testkit.canary.HostileCode.failure(get('value'))\n"
                + "    }\n"
                + "    step('use the value') { ctx ->\n"
                + "        log 'using it'\n"
                + "        Integer.parseInt(get('value'))\n"
                + "    }\n"
                + "}\n";
    }

    /**
     * A migration callback ({@code beforeMigrate.groovy}, {@code onError.groovy}, ...) that throws an
     * exception quoting a value it read.
     *
     * @param valueStore where the callback reads the value
     * @param key its key
     * @return the callback's text
     */
    public static String failingCallback(String valueStore, String key) {
        return "throw io.ferry.testkit.canary.HostileCode.failure(io.ferry.testkit.canary.HostileCode.read('"
                + valueStore + "', '" + key + "'))\n";
    }
}
