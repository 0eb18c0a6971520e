package io.ferry.provider.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.spi.ProviderException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documents of a JSON or YAML file as trees, with the line of every field, read by one
 * streaming parser so that a malformed file is reported at its line and column and a name given
 * twice in one object at both of its lines. Jackson's own tree reading would keep the last of two
 * equal names silently, and its messages quote the input.
 */
final class LocatedTree {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final List<JsonNode> documents;
    private final List<Integer> documentLines;
    private final Map<JsonNode, Map<String, Integer>> fieldLines;

    private LocatedTree(List<JsonNode> documents, List<Integer> documentLines, Map<JsonNode, Map<String, Integer>> fieldLines) {
        this.documents = documents;
        this.documentLines = documentLines;
        this.fieldLines = fieldLines;
    }

    /**
     * @param factory a JSON or YAML parser factory
     * @param format the format's name, for messages
     * @param text the file's content
     * @param file the file, for messages
     * @param manyDocuments whether the file may hold several documents (YAML's {@code ---})
     * @return the documents, none for an empty file
     * @throws ProviderException of kind INVALID for malformed content or a name given twice
     */
    static LocatedTree read(JsonFactory factory, String format, String text, Path file, boolean manyDocuments) {
        Reader reader = new Reader(file, format);
        try (JsonParser parser = factory.createParser(text)) {
            parser.disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION.mappedFeature());
            JsonToken token = parser.nextToken();
            while (token != null) {
                if (!reader.documents.isEmpty() && !manyDocuments) {
                    throw reader.malformed(parser.currentTokenLocation(), "one document, then the end of the file");
                }
                reader.documentLines.add(parser.currentTokenLocation().getLineNr());
                reader.documents.add(reader.value(parser));
                token = parser.nextToken();
            }
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                // SnakeYAML knows where the problem is; Jackson passes on where the construct around it began.
                Mark mark = marked.getProblemMark();
                throw FileProblem.malformed(file, format, mark.getLine() + 1, mark.getColumn() + 1,
                        expectation(marked.getProblem()));
            }
            throw reader.malformed(e.getLocation(), expectation(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, null, "cannot read " + file
                    + ": " + e.getClass().getSimpleName() + "; check that it is readable");
        }
        return new LocatedTree(reader.documents, reader.documentLines, reader.fieldLines);
    }

    /** Names what a parse error expected in words of our own: the parser's message may quote the input. */
    private static String expectation(String problem) {
        String original = problem == null ? "" : problem;
        if (original.startsWith("Unexpected end-of-input") || original.contains("found unexpected end of stream")) {
            return "the file ends inside a value; expected a closing quote, bracket or brace";
        }
        if (original.startsWith("Unexpected character") || original.startsWith("Unrecognized token")) {
            return "unexpected text; expected a quoted string, a number, true, false, null, or a comma, colon, "
                    + "bracket or brace";
        }
        if (original.contains("found character '\\t'")) {
            return "a tab where YAML allows only spaces for indentation";
        }
        if (original.contains("mapping values are not allowed") || original.contains("could not find expected ':'")
                || original.contains("expected <block end>")) {
            return "expected 'name: value' with consistent indentation";
        }
        return "expected a well-formed document";
    }

    /** @return the documents, in file order; a YAML document that is empty is a null node */
    List<JsonNode> documents() {
        return documents;
    }

    /**
     * @param index a document's index
     * @return the line it starts on
     */
    int documentLine(int index) {
        return documentLines.get(index);
    }

    /**
     * @param object an object of these documents
     * @param field one of its fields
     * @return the line the field is named on
     */
    int line(JsonNode object, String field) {
        Map<String, Integer> lines = fieldLines.get(object);
        return lines == null ? 0 : lines.getOrDefault(field, 0);
    }

    /** Reads values recursively, recording where each field is. */
    private static final class Reader {
        private final Path file;
        private final String format;
        private final List<JsonNode> documents = new ArrayList<>();
        private final List<Integer> documentLines = new ArrayList<>();
        private final Map<JsonNode, Map<String, Integer>> fieldLines = new IdentityHashMap<>();

        Reader(Path file, String format) {
            this.file = file;
            this.format = format;
        }

        JsonNode value(JsonParser parser) throws IOException {
            JsonNodeFactory nodes = NODES;
            JsonToken token = parser.currentToken();
            switch (token) {
                case START_OBJECT -> {
                    ObjectNode object = nodes.objectNode();
                    Map<String, Integer> lines = new HashMap<>();
                    fieldLines.put(object, lines);
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        int line = parser.currentTokenLocation().getLineNr();
                        Integer first = lines.putIfAbsent(name, line);
                        if (first != null) {
                            throw FileProblem.duplicate(file, name, first, line);
                        }
                        parser.nextToken();
                        object.set(name, value(parser));
                    }
                    return object;
                }
                case START_ARRAY -> {
                    ArrayNode array = nodes.arrayNode();
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        array.add(value(parser));
                    }
                    return array;
                }
                case VALUE_STRING -> {
                    return nodes.textNode(parser.getText());
                }
                case VALUE_NUMBER_INT -> {
                    // Arbitrary precision, so that a long id keeps its digits.
                    return nodes.numberNode(parser.getBigIntegerValue());
                }
                case VALUE_NUMBER_FLOAT -> {
                    try {
                        // Exact, so that 1.50 stays 1.50.
                        return nodes.numberNode(parser.getDecimalValue());
                    } catch (NumberFormatException notFinite) {
                        // YAML's .inf and .nan have no decimal form: keep them as written.
                        return nodes.textNode(parser.getText());
                    }
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    return nodes.booleanNode(token == JsonToken.VALUE_TRUE);
                }
                case VALUE_NULL -> {
                    return nodes.nullNode();
                }
                default -> throw malformed(parser.currentTokenLocation(), "a value");
            }
        }

        ProviderException malformed(JsonLocation at, String expected) {
            int line = at == null ? 0 : Math.max(1, at.getLineNr());
            int column = at == null ? 0 : Math.max(1, at.getColumnNr());
            return FileProblem.malformed(file, format, line, column, expected);
        }
    }
}
