package io.ferry.dsl;

/**
 * The names one runbook file goes by.
 *
 * @param file the file as the user named it, shown in problems
 * @param fileName its last path element, shown in transform and hook names
 * @param runbookName the file name without its extension, the runbook's default name
 * @param className the script class's name: {@code runbookName} made a valid identifier
 */
record ScriptName(String file, String fileName, String runbookName, String className) {

    static ScriptName of(String file) {
        String fileName = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
        int dot = fileName.lastIndexOf('.');
        String runbookName = dot > 0 ? fileName.substring(0, dot) : fileName;
        return new ScriptName(file, fileName, runbookName, identifier(runbookName));
    }

    /** @return the source file name that stack frames of the script and its closures carry */
    String sourceName() {
        return className + ".groovy";
    }

    private static String identifier(String name) {
        StringBuilder id = new StringBuilder();
        for (char c : name.toCharArray()) {
            id.append(Character.isJavaIdentifierPart(c) ? c : '_');
        }
        if (id.length() == 0 || !Character.isJavaIdentifierStart(id.charAt(0))) {
            id.insert(0, '_');
        }
        return id.toString();
    }
}
