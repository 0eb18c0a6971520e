package io.ferry.cli.manual;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Writes a manual page for a command and for each of its subcommands, at any depth, into one
 * directory: {@code ferry.1}, {@code ferry-copy.1}, {@code ferry-emulate-stop.1}. The build runs it
 * as picocli's own completion generator is run, with the command's class name.
 */
public final class ManualPages {

    private ManualPages() {
    }

    /**
     * @param args the directory to write into, the name of a {@code @Command} class with a public
     *     no-argument constructor, and what the pages' footer names, such as {@code "Ferry 0.1.0"}
     * @throws Exception when the class cannot be created or a page cannot be written
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ManualPages DIRECTORY COMMAND-CLASS SOURCE, "
                    + "for example target/man io.ferry.cli.Main 'Ferry 0.1.0'");
        }
        Object command = Class.forName(args[1]).getConstructor().newInstance();
        write(new CommandLine(command).getCommandSpec(), args[2], Path.of(args[0]));
    }

    /**
     * @param command the top command
     * @param source what the pages' footer names
     * @param directory where the pages go; created if missing
     * @return the pages written, the top command's first
     * @throws IOException when a page cannot be written
     */
    public static List<Path> write(CommandSpec command, String source, Path directory) throws IOException {
        Files.createDirectories(directory);
        List<Path> written = new ArrayList<>();
        List<CommandSpec> pending = new ArrayList<>(List.of(command));
        while (!pending.isEmpty()) {
            ManualPage page = new ManualPage(pending.remove(0), source);
            Path file = directory.resolve(page.name() + ".1");
            Files.writeString(file, page.render(), StandardCharsets.US_ASCII);
            written.add(file);
            pending.addAll(ManualPage.visibleSubcommands(page.command()));
        }
        return written;
    }
}
