package io.ferry.spi;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The characters a store keeps in a secret's name, one code point at a time, whatever the name's
 * shape. A store either keeps a name exactly or refuses it: a character outside this set is
 * refused in planning and by {@code put}, before anything is written, with a reason that names the
 * character by its code point ({@code U+000A LINE FEED (LF)}), so that the reason itself never
 * carries a control character to a terminal.
 *
 * @param accepted matches one code point that the store keeps
 * @param description the set in words, for messages and the README
 */
public record NameCharacters(Pattern accepted, String description) {

    /** Reasons name at most this many distinct characters; a name full of them needs one fix anyway. */
    private static final int MAX_NAMED = 5;
    /**
     * By character pattern, a pattern that matches a whole name made only of such characters: a name
     * is checked on every planned record and every write, and one match over the name costs far less
     * than one per character. Few distinct patterns exist (one per kind of store).
     */
    private static final Map<String, Pattern> WHOLE_NAMES = new ConcurrentHashMap<>();

    /** Checks that the fields are present. */
    public NameCharacters {
        Objects.requireNonNull(accepted, "accepted");
        Objects.requireNonNull(description, "description");
    }

    /**
     * Any character a string can hold as text: everything but NUL, which C tools and terminals take
     * as the end of a string, and unpaired surrogates, which have no UTF-8 form and so would not be
     * kept exactly.
     *
     * @return the characters of a store that keeps names as opaque text
     */
    public static NameCharacters anyText() {
        return new NameCharacters(Pattern.compile("[^\\x00\\p{Cs}]"),
                "any character but NUL and unpaired surrogates; control characters are kept exactly");
    }

    /**
     * @param characterClass a regular expression character class, such as {@code [A-Za-z0-9-]}
     * @param description the class in words
     * @return the characters of that class
     */
    public static NameCharacters of(String characterClass, String description) {
        return new NameCharacters(Pattern.compile(characterClass), description);
    }

    /**
     * @param codePoint a character
     * @return whether a name may hold it
     */
    public boolean accepts(int codePoint) {
        return accepted.matcher(Character.toString(codePoint)).matches();
    }

    /**
     * @param name a name
     * @return the distinct characters of the name the store would not keep, in order of appearance
     */
    public List<Integer> refused(String name) {
        if (WHOLE_NAMES.computeIfAbsent(accepted.pattern(), this::wholeName).matcher(name).matches()) {
            return new ArrayList<>();
        }
        Set<Integer> refused = new LinkedHashSet<>();
        name.codePoints().filter(c -> !accepts(c)).forEach(refused::add);
        return new ArrayList<>(refused);
    }

    /**
     * @return a pattern matching any run of the accepted characters; a bare character class is
     *     repeated as it is, which the regex engine matches in a loop rather than by recursion
     */
    private Pattern wholeName(String characterPattern) {
        boolean bareClass = characterPattern.startsWith("[") && characterPattern.endsWith("]")
                && characterPattern.indexOf('[', 1) < 0;
        return Pattern.compile((bareClass ? characterPattern : "(?:" + characterPattern + ")") + "*", accepted.flags());
    }

    /**
     * @param store the store's name, for the message
     * @param name a name
     * @return why the store would not keep the name's characters, or null when it keeps all of them
     */
    public String refusal(String store, String name) {
        List<Integer> refused = refused(name);
        if (refused.isEmpty()) {
            return null;
        }
        List<String> named = refused.stream().limit(MAX_NAMED).map(NameCharacters::codePointName).toList();
        return "name is not valid for " + store + ", which does not keep " + String.join(", ", named)
                + (refused.size() > MAX_NAMED ? " and more" : "") + " in names (it takes " + description
                + "); map the name with a rename transform";
    }

    /**
     * @param codePoint a character
     * @return its code point and Unicode name, such as {@code U+001B ESCAPE}; printable and free of
     *     control characters whatever the character is
     */
    public static String codePointName(int codePoint) {
        String name = Character.getName(codePoint);
        String number = String.format(Locale.ROOT, "U+%04X", codePoint);
        return name == null ? number : number + " " + name;
    }
}
