package io.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.internal.Failures;
import io.ferry.secret.SecretRecord;
import io.ferry.secret.SecretValue;
import io.ferry.transform.Transform;
import io.ferry.transform.CollectingTransformContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry transform NAME --input record.json}: tries a transform on a record of the user's own
 * making, without a migration. Unlike every other command it prints values: the input is test data
 * the user wrote, and seeing what the transform made of it is the point.
 */
@Command(name = "transform", sortOptions = false,
        description = {
                "Applies one transform to a record read from a JSON file and prints the resulting records as JSON,",
                "with any flag, skip reason and log line, without running a migration.",
                "The output shows values: the input is your own test data, and seeing the result is the point.",
                "Do not feed it real secrets.",
                "Input: {\"key\": \"...\", \"value\": \"...\" or \"valueBase64\": \"...\", \"contentType\": \"...\",",
                "        \"tags\": {\"name\": \"value\"}, \"expiresAt\": \"2030-01-01T00:00:00Z\"}"})
final class TransformCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The transform: a built-in, or a script in DIR/transforms.")
    private String name;

    @Option(names = "--arg", paramLabel = "KEY=VALUE", description = "An argument of the transform; repeat for more.")
    private List<String> arguments = new ArrayList<>();

    @Option(names = "--input", paramLabel = "FILE", required = true, description = "The record to transform, as JSON.")
    private Path input;

    @Mixin
    private TransformOptions options;

    @Override
    public Integer call() {
        Transform transform = options.catalog(main.host()).create(name, TransformSpecs.arguments(arguments, "--arg"));
        SecretRecord record = read(main.host().resolve(input));
        List<String> logs = new ArrayList<>();
        CollectingTransformContext said = new CollectingTransformContext(record.key(), logs::add);
        List<SecretRecord> out = new ArrayList<>();
        try {
            out.addAll(transform.apply(record, said));
            out.addAll(transform.finish(said));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("transform " + transform.name() + " failed on " + input + ": " + Failures.describe(e));
        }
        ObjectNode document = Json.MAPPER.createObjectNode();
        ArrayNode records = document.putArray("records");
        out.forEach(r -> records.add(json(r)));
        said.flags().forEach(document.putArray("flags")::add);
        document.put("skipped", said.skipReason());
        logs.forEach(document.putArray("log")::add);
        Json.print(spec.commandLine().getOut(), document);
        return 0;
    }

    private static SecretRecord read(Path file) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " as JSON (" + e.getClass().getSimpleName()
                    + "); write {\"key\": \"...\", \"value\": \"...\"}");
        }
        if (node == null || !node.isObject() || !node.path("key").isTextual() || node.path("key").asText().isEmpty()) {
            throw new IllegalArgumentException(file + " needs a JSON object with a non-empty \"key\"; write {\"key\": \"...\", \"value\": \"...\"}");
        }
        if (node.has("value") == node.has("valueBase64")) {
            throw new IllegalArgumentException(file + " needs exactly one of \"value\" (text) and \"valueBase64\"");
        }
        SecretRecord.Builder builder = SecretRecord.builder(node.get("key").asText());
        if (node.has("value")) {
            builder.value(SecretValue.ofText(text(node, "value", file))).contentType(SecretRecord.TEXT);
        } else {
            try {
                builder.value(SecretValue.ofBytes(Base64.getDecoder().decode(text(node, "valueBase64", file))))
                        .contentType(SecretRecord.BINARY);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": \"valueBase64\" is not Base64");
            }
        }
        if (node.has("contentType")) {
            builder.contentType(text(node, "contentType", file));
        }
        if (node.has("tags")) {
            if (!node.get("tags").isObject()) {
                throw new IllegalArgumentException(file + ": \"tags\" must be an object of names and text values");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.get("tags").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> tag = it.next();
                builder.tag(tag.getKey(), tag.getValue().asText());
            }
        }
        if (node.has("expiresAt")) {
            try {
                builder.expiresAt(Instant.parse(text(node, "expiresAt", file)));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(file + ": \"expiresAt\" is not an ISO-8601 instant such as 2030-01-01T00:00:00Z");
            }
        }
        return builder.build();
    }

    private static String text(JsonNode node, String field, Path file) {
        if (!node.get(field).isTextual()) {
            throw new IllegalArgumentException(file + ": \"" + field + "\" must be a string");
        }
        return node.get(field).asText();
    }

    private static ObjectNode json(SecretRecord record) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("key", record.key());
        if (record.value().isUtf8()) {
            node.put("value", record.value().text());
        } else {
            node.put("valueBase64", Base64.getEncoder().encodeToString(record.value().bytes()));
        }
        node.put("contentType", record.contentType());
        ObjectNode tags = node.putObject("tags");
        record.tags().forEach(tags::put);
        node.put("expiresAt", record.expiresAt() == null ? null : record.expiresAt().toString());
        return node;
    }
}
