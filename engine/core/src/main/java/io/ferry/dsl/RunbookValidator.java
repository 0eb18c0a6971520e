package io.ferry.dsl;

import groovy.lang.Closure;
import groovy.lang.MissingMethodException;
import io.ferry.spi.ProviderRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.DynamicVariable;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.BitwiseNegationExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.ListExpression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.codehaus.groovy.runtime.InvokerInvocationException;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * Checks a runbook script before it runs, so that every mistake is reported at once with its line
 * and column: unknown words in each block, literal values the model refuses, a missing source or
 * target, no runbook block or two. Closures given to transforms, hooks and filters are user code and
 * are not checked.
 *
 * <p>A call whose arguments are all literals is tried on a spare set of delegates, so the values are
 * judged by the same code, and worded by the same messages, as when the script runs. Runs after
 * semantic analysis, when local variables are told apart from the DSL's words.
 */
final class RunbookValidator extends CompilationCustomizer {

    /** Stands for a closure argument in trial calls; the closure itself is user code or checked as a block. */
    private static final Closure<Object> PLACEHOLDER = new Closure<>(RunbookValidator.class) {
        @Override
        public Object call(Object... args) {
            return null;
        }
    };

    /** An argument whose value only running the script can tell. */
    private static final Object UNKNOWN = new Object();

    private final TransformCatalog transforms;
    private final ProviderRegistry providers;

    RunbookValidator(TransformCatalog transforms, ProviderRegistry providers) {
        super(CompilePhase.SEMANTIC_ANALYSIS);
        this.transforms = transforms;
        this.providers = providers;
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        if (classNode.isScript()) {
            new Walk(source, classNode).check();
        }
    }

    /** A problem found by the validator, already in the user's words. */
    static final class Problem extends SyntaxException {
        private static final long serialVersionUID = 1L;
        private final String file;

        Problem(String message, ASTNode node) {
            super(message, node.getLineNumber(), node.getColumnNumber(), node.getLastLineNumber(), node.getLastColumnNumber());
            this.file = null;
        }

        /** A problem in another file than the runbook: a transform script it names. */
        Problem(RunbookProblem elsewhere) {
            super(elsewhere.message(), elsewhere.line(), elsewhere.column());
            this.file = elsewhere.file();
        }

        /** @return the file the problem is in, or null for the runbook itself */
        String file() {
            return file;
        }
    }

    /** One walk over one script, keeping track of the block it is in. */
    private final class Walk extends CodeVisitorSupport {
        private final SourceUnit source;
        private final Set<String> scriptMethods = new HashSet<>();
        private final Map<Class<?>, Object> trial;
        private final Set<String> reported = new HashSet<>();
        private Class<?> block = RunbookScript.class;
        private String providerSlot;
        private MethodCallExpression firstRunbook;
        private boolean runbookSuggested;
        private int sources;
        private int targets;
        private int steps;

        Walk(SourceUnit source, ClassNode script) {
            this.source = source;
            for (MethodNode m : script.getMethods()) {
                scriptMethods.add(m.getName());
            }
            ScriptName name = ScriptName.of(source.getName());
            this.trial = new RunbookBlock(Evaluation.checking(name, transforms, providers)).withStageBlocks();
        }

        void check() {
            source.getAST().getStatementBlock().visit(this);
            if (firstRunbook == null && !runbookSuggested) {
                error(1, 1, "no runbook { } block; describe the migration in runbook { ... }");
            }
        }

        @Override
        public void visitClosureExpression(ClosureExpression closure) {
            // User code: transforms, hooks, filters, and closures of plain Groovy such as each { }.
        }

        @Override
        public void visitMethodCallExpression(MethodCallExpression call) {
            String name = call.getMethodAsString();
            if (!call.isImplicitThis() || name == null) {
                super.visitMethodCallExpression(call);
                return;
            }
            if (DslVocabulary.options(block).contains(name)) {
                option(call, name);
            } else if (scriptMethods.contains(name) || DslVocabulary.isScriptWord(name)) {
                visitArguments(call, null);
            } else if (providers.knows(name)) {
                Object[] values = values(arguments(call));
                if (values != null) {
                    try {
                        ProviderFunctions.spec(name, values);
                    } catch (IllegalArgumentException e) {
                        error(call, e.getMessage());
                    }
                }
                visitArguments(call, null);
            } else {
                error(call, providerSlot != null ? unknownScheme(name) : DslVocabulary.unknown(block, name, providers.schemes()));
                // "runbok { }" is reported with a suggestion; "no runbook block" as well would be noise.
                runbookSuggested |= block == RunbookScript.class
                        && "runbook".equals(ProviderRegistry.nearest(name, List.copyOf(DslVocabulary.options(block))));
                visitArguments(call, null);
            }
        }

        private String unknownScheme(String scheme) {
            try {
                providers.factory(scheme);
                return DslVocabulary.unknown(block, scheme, providers.schemes());
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }

        private void option(MethodCallExpression call, String name) {
            List<Expression> arguments = arguments(call);
            if (block == RunbookScript.class && name.equals("runbook")) {
                runbook(call, arguments);
                return;
            }
            if (block == RunbookBlock.class && name.equals("source")) {
                sources++;
            }
            if (block == RunbookBlock.class && name.equals("target")) {
                targets++;
            }
            if (block == RunbookBlock.class && (name.equals("step") || name.equals("forEach"))) {
                steps++;
            }
            Object[] values = values(arguments);
            if (values != null && trial.containsKey(block)) {
                tryOut(call, name, arguments, values);
            }
            Class<?> opened = DslVocabulary.opens(block, name);
            boolean providerArgument = block == RunbookBlock.class && (name.equals("source") || name.equals("target"));
            for (Expression argument : arguments) {
                if (opened != null && argument instanceof ClosureExpression body) {
                    walk(opened, body);
                } else {
                    visit(argument, providerArgument ? name : null);
                }
            }
        }

        private void runbook(MethodCallExpression call, List<Expression> arguments) {
            if (firstRunbook != null) {
                error(call, "a runbook file holds one runbook block; the first is at line " + firstRunbook.getLineNumber());
            } else {
                firstRunbook = call;
            }
            if (arguments.size() != 1 || !(arguments.get(0) instanceof ClosureExpression body)) {
                error(call, "runbook takes one block: runbook { ... }");
                return;
            }
            sources = 0;
            targets = 0;
            steps = 0;
            walk(RunbookBlock.class, body);
            if (steps > 0) {
                if (sources > 0 || targets > 0) {
                    error(call, "the runbook has steps and a source or target; a runbook is either a copy (source, target) "
                            + "or a procedure (steps): split it in two");
                }
                return;
            }
            if (sources == 0) {
                error(call, "the runbook has no source; add one, for example: source 'local:secrets.db'");
            }
            if (targets == 0) {
                error(call, "the runbook has no target; add one, for example: target 'local:new.db'");
            }
        }

        private void walk(Class<?> nested, ClosureExpression body) {
            Class<?> outer = block;
            block = nested;
            body.getCode().visit(this);
            block = outer;
        }

        private void visitArguments(MethodCallExpression call, String slot) {
            for (Expression argument : arguments(call)) {
                visit(argument, slot);
            }
        }

        private void visit(Expression expression, String slot) {
            String outer = providerSlot;
            providerSlot = slot;
            expression.visit(this);
            providerSlot = outer;
        }

        /** Calls the option on the spare delegates; what they refuse is a problem at this call. */
        private void tryOut(MethodCallExpression call, String name, List<Expression> arguments, Object[] values) {
            Object delegate = trial.get(block);
            try {
                InvokerHelper.invokeMethod(delegate, name, values);
            } catch (RuntimeException thrown) {
                // Groovy wraps what a method throws, methodMissing included, to tell it from a failed dispatch.
                RuntimeException e = thrown instanceof InvokerInvocationException wrapped
                        && wrapped.getCause() instanceof RuntimeException cause ? cause : thrown;
                if (e instanceof TransformScriptException script) {
                    for (RunbookProblem problem : script.problems()) {
                        source.getErrorCollector().addErrorAndContinue(new SyntaxErrorMessage(new Problem(problem), source));
                    }
                } else if (e instanceof IllegalArgumentException) {
                    error(arguments.size() == 1 ? arguments.get(0) : call, e.getMessage());
                } else if (e instanceof MissingMethodException missing && missing.getMethod().equals(name)
                        && missing.getType() == delegate.getClass()) {
                    List<String> given = new ArrayList<>();
                    for (Object value : values) {
                        given.add(DslVocabulary.literal(value));
                    }
                    error(call, DslVocabulary.wrongArguments(block, name, String.join(", ", given)));
                } else {
                    error(call, name + " could not be checked: it threw " + e.getClass().getName());
                }
            }
        }

        @Override
        public void visitVariableExpression(VariableExpression variable) {
            if (isBareOption(variable)) {
                error(variable, "option '" + variable.getName() + "' needs a value: " + variable.getName() + " VALUE");
            }
        }

        @Override
        public void visitBinaryExpression(BinaryExpression expression) {
            if (expression.getLeftExpression() instanceof VariableExpression left && isBareOption(left)) {
                String name = left.getName();
                String right = expression.getRightExpression() instanceof ConstantExpression constant
                        && constant.getValue() instanceof String text ? "'" + text + "'" : expression.getRightExpression().getText();
                switch (expression.getOperation().getText()) {
                    case "=" -> error(left, "set options without '=': " + name + " " + right);
                    // Groovy reads "concurrency -1" as the subtraction concurrency - 1.
                    case "-" -> error(left, "write " + name + "(-" + right + "): without brackets, " + name
                            + " -" + right + " is a subtraction");
                    default -> error(left, "option '" + name + "' needs a value: " + name + " VALUE");
                }
                expression.getRightExpression().visit(this);
                return;
            }
            super.visitBinaryExpression(expression);
        }

        private boolean isBareOption(VariableExpression variable) {
            return block != RunbookScript.class
                    && variable.getAccessedVariable() instanceof DynamicVariable
                    && DslVocabulary.options(block).contains(variable.getName());
        }

        /** @return the arguments' values, or null when one of them is only known when the script runs */
        private Object[] values(List<Expression> arguments) {
            Object[] values = new Object[arguments.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = value(arguments.get(i));
                if (values[i] == UNKNOWN) {
                    return null;
                }
            }
            return values;
        }

        private Object value(Expression expression) {
            if (expression instanceof ConstantExpression constant) {
                return constant.getValue();
            }
            if (expression instanceof ClosureExpression) {
                return PLACEHOLDER;
            }
            if (expression instanceof MapExpression map) {
                Map<Object, Object> entries = new LinkedHashMap<>();
                for (MapEntryExpression entry : map.getMapEntryExpressions()) {
                    Object key = value(entry.getKeyExpression());
                    Object value = value(entry.getValueExpression());
                    if (key == UNKNOWN || value == UNKNOWN) {
                        return UNKNOWN;
                    }
                    entries.put(key, value);
                }
                return entries;
            }
            if (expression instanceof ListExpression list) {
                Object[] elements = values(list.getExpressions());
                return elements == null ? UNKNOWN : List.of(elements);
            }
            if (expression instanceof BitwiseNegationExpression negation
                    && negation.getExpression() instanceof ConstantExpression constant
                    && constant.getValue() instanceof String regex) {
                try {
                    return Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    error(expression, "invalid regular expression: " + e.getDescription() + " at index " + e.getIndex());
                    return UNKNOWN;
                }
            }
            if (expression instanceof MethodCallExpression call && call.isImplicitThis() && call.getMethodAsString() != null) {
                return result(call.getMethodAsString(), values(arguments(call)));
            }
            return UNKNOWN;
        }

        /** The value of a nested call such as sample(0.1) or local('x.db'); its own problems are reported when it is visited. */
        private Object result(String name, Object[] values) {
            if (values == null) {
                return UNKNOWN;
            }
            try {
                if (DslVocabulary.options(block).contains(name) && trial.containsKey(block)) {
                    return InvokerHelper.invokeMethod(trial.get(block), name, values);
                }
                if (providers.knows(name)) {
                    return ProviderFunctions.spec(name, values);
                }
            } catch (RuntimeException e) {
                return UNKNOWN;
            }
            return UNKNOWN;
        }

        private List<Expression> arguments(MethodCallExpression call) {
            return call.getArguments() instanceof TupleExpression tuple ? tuple.getExpressions() : List.of(call.getArguments());
        }

        private void error(ASTNode node, String message) {
            if (node.getLineNumber() < 1) {
                error(1, 1, message);
                return;
            }
            if (reported.add(node.getLineNumber() + ":" + node.getColumnNumber() + ":" + message)) {
                source.getErrorCollector().addErrorAndContinue(new SyntaxErrorMessage(new Problem(message, node), source));
            }
        }

        private void error(int line, int column, String message) {
            ASTNode at = new ASTNode();
            at.setLineNumber(line);
            at.setColumnNumber(column);
            at.setLastLineNumber(line);
            at.setLastColumnNumber(column);
            error(at, message);
        }
    }
}
