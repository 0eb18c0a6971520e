package io.ferry.cli.manual;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One command's manual page in troff (man(7)): NAME, SYNOPSIS, DESCRIPTION, ARGUMENTS, OPTIONS,
 * COMMANDS, EXIT STATUS and SEE ALSO, each read from the command's picocli definition. A command
 * without exit codes of its own lists those of the top command, which documents them for all.
 */
final class ManualPage {

    private final CommandSpec command;
    private final String source;

    /**
     * @param command the command the page documents
     * @param source what the page's footer names, such as {@code Ferry 0.1.0}
     */
    ManualPage(CommandSpec command, String source) {
        this.command = command;
        this.source = source;
    }

    /** @return the command the page documents */
    CommandSpec command() {
        return command;
    }

    /** @return the page's name, such as {@code ferry-copy}: the command's words joined by hyphens */
    String name() {
        return command.qualifiedName("-");
    }

    /** @return the page's troff source */
    String render() {
        List<String> page = new ArrayList<>();
        page.add(".\\\" " + Troff.escape("Written from the command definitions by the build; edit those, not this file."));
        page.add(".TH " + Troff.argument(name().toUpperCase(Locale.ROOT)) + " 1 \"\" " + Troff.argument(source) + " "
                + Troff.argument(titleOf(command.root()) + " Manual"));
        page.add(".SH NAME");
        page.add(Troff.line(name()) + " \\- " + Troff.escape(summary(command)));
        synopsis(page);
        description(page);
        arguments(page);
        options(page);
        commands(page);
        exitStatus(page);
        seeAlso(page);
        return String.join("\n", page) + "\n";
    }

    /** The synopsis as the help wraps it, kept line for line. */
    private void synopsis(List<String> page) {
        Help help = new Help(command, Help.defaultColorScheme(Ansi.OFF));
        page.add(".SH SYNOPSIS");
        page.add(".nf");
        for (String line : help.synopsis(0).stripTrailing().split("\\R")) {
            page.add(line.isBlank() ? "" : "\\&" + Troff.escape(line.stripTrailing()));
        }
        page.add(".fi");
    }

    /**
     * The description's lines run together into one filled paragraph; lines that start with a space
     * are examples, kept as they are and indented.
     */
    private void description(List<String> page) {
        page.add(".SH DESCRIPTION");
        text(page, formatted(command.usageMessage().description()));
    }

    private void arguments(List<String> page) {
        List<PositionalParamSpec> shown = command.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (shown.isEmpty()) {
            return;
        }
        page.add(".SH ARGUMENTS");
        for (PositionalParamSpec p : shown) {
            page.add(".TP");
            page.add(Troff.italic(label(p)) + (p.isMultiValue() ? "..." : ""));
            text(page, formatted(p.renderedDescription()));
        }
    }

    private void options(List<String> page) {
        List<OptionSpec> shown = command.options().stream().filter(o -> !o.hidden()).toList();
        if (shown.isEmpty()) {
            return;
        }
        page.add(".SH OPTIONS");
        for (OptionSpec o : shown) {
            page.add(".TP");
            List<String> names = new ArrayList<>();
            for (String n : o.names()) {
                names.add(Troff.bold(n));
            }
            String value = "";
            if (o.arity().max() > 0) {
                value = o.arity().min() == 0 ? "[=" + Troff.italic(label(o)) + "]" : "=" + Troff.italic(label(o));
            }
            page.add(String.join(", ", names) + value);
            text(page, formatted(o.renderedDescription()));
        }
    }

    private void commands(List<String> page) {
        List<CommandSpec> shown = visibleSubcommands(command);
        if (shown.isEmpty()) {
            return;
        }
        page.add(".SH COMMANDS");
        for (CommandSpec sub : shown) {
            page.add(".TP");
            page.add(Troff.bold(sub.name()));
            page.add(Troff.line(summary(sub)) + " See " + Troff.bold(sub.qualifiedName("-")) + "(1).");
        }
    }

    private void exitStatus(List<String> page) {
        Map<String, String> codes = command.usageMessage().exitCodeList();
        if (codes.isEmpty()) {
            codes = command.root().usageMessage().exitCodeList();
        }
        if (codes.isEmpty()) {
            return;
        }
        page.add(".SH \"EXIT STATUS\"");
        for (Map.Entry<String, String> code : codes.entrySet()) {
            page.add(".TP");
            page.add(Troff.bold(code.getKey().strip()));
            page.add(Troff.line(code.getValue()));
        }
    }

    private void seeAlso(List<String> page) {
        List<String> related = new ArrayList<>();
        if (command.parent() != null) {
            related.add(command.parent().qualifiedName("-"));
        }
        if (command.parent() != null && command.parent() != command.root()) {
            related.add(command.root().qualifiedName("-"));
        }
        for (CommandSpec sub : visibleSubcommands(command)) {
            related.add(sub.qualifiedName("-"));
        }
        if (related.isEmpty()) {
            return;
        }
        page.add(".SH \"SEE ALSO\"");
        List<String> references = new ArrayList<>();
        for (String r : related) {
            references.add(Troff.bold(r) + "(1)");
        }
        page.add(String.join(",\n", references));
    }

    /** @return the command's visible subcommands, each once (picocli also lists one under each alias) */
    static List<CommandSpec> visibleSubcommands(CommandSpec command) {
        List<CommandSpec> shown = new ArrayList<>();
        for (CommandLine sub : command.subcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (!spec.usageMessage().hidden() && !shown.contains(spec)) {
                shown.add(spec);
            }
        }
        return shown;
    }

    private static void text(List<String> page, List<String> lines) {
        boolean example = false;
        for (String line : lines) {
            boolean indented = !line.isBlank() && Character.isWhitespace(line.charAt(0));
            if (indented && !example) {
                page.add(".RS 4");
                page.add(".nf");
            } else if (!indented && example) {
                page.add(".fi");
                page.add(".RE");
            }
            example = indented;
            if (line.isBlank()) {
                page.add(".PP");
            } else {
                page.add(indented ? "\\&" + Troff.escape(line.stripTrailing()) : Troff.line(line));
            }
        }
        if (example) {
            page.add(".fi");
            page.add(".RE");
        }
    }

    /**
     * @return the lines as the help shows them: picocli formats each with {@link String#format},
     *     so {@code %n} breaks a line and {@code %%} is a percent sign
     */
    private static List<String> formatted(String[] description) {
        List<String> lines = new ArrayList<>();
        for (String d : description) {
            lines.addAll(List.of(String.format(Locale.ROOT, d).split("\\R", -1)));
        }
        return lines;
    }

    /** @return the first sentence of the command's description, for NAME and COMMANDS */
    private static String summary(CommandSpec spec) {
        String all = String.join(" ", formatted(spec.usageMessage().description())).strip().replaceAll("\\s+", " ");
        int end = all.indexOf(". ");
        return end < 0 ? all : all.substring(0, end + 1);
    }

    private static String label(ArgSpec arg) {
        return arg.paramLabel().replaceAll("^<(.*)>$", "$1");
    }

    private static String titleOf(CommandSpec root) {
        String name = root.name();
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
