package io.ferry.cli.repl;

import java.util.Arrays;

/**
 * An Aho-Corasick automaton over a fixed set of texts: fed one character at a time, it says, in
 * constant amortised time per character whatever the number of texts, the length of the longest
 * text that ends at that character. Immutable once built; the state of a scan is an int held by
 * the caller, so one automaton serves any number of scans.
 */
final class Automaton {

    static final int ROOT = 0;
    private static final int NONE = -1;
    /** Children of the root by character, for the characters text is mostly made of. */
    private static final int DIRECT = 128;

    private final char[] label;
    private final int[] firstChild;
    private final int[] nextSibling;
    private final int[] fail;
    private final int[] depth;
    /** The length of the longest text that ends at a node, through its suffix links; 0 for none. */
    private final int[] longest;
    private final int[] rootChild = new int[DIRECT];
    private final String[] texts;

    /** @param texts the texts to find; duplicates and empty ones are allowed */
    Automaton(String[] texts) {
        String[] sorted = Arrays.stream(texts).filter(t -> !t.isEmpty()).sorted().distinct().toArray(String[]::new);
        this.texts = sorted;
        int capacity = 1;
        for (String text : sorted) {
            capacity += text.length();
        }
        label = new char[capacity];
        firstChild = new int[capacity];
        nextSibling = new int[capacity];
        fail = new int[capacity];
        depth = new int[capacity];
        longest = new int[capacity];
        Arrays.fill(firstChild, NONE);
        Arrays.fill(nextSibling, NONE);
        int nodes = insertAll(sorted, new int[capacity]);
        Arrays.fill(rootChild, NONE);
        for (int c = firstChild[ROOT]; c != NONE; c = nextSibling[c]) {
            if (label[c] < DIRECT) {
                rootChild[label[c]] = c;
            }
        }
        linkSuffixes(nodes);
    }

    /** @return the texts, sorted and without duplicates, for building a larger automaton */
    String[] texts() {
        return texts;
    }

    /** @return how many texts it finds */
    int size() {
        return texts.length;
    }

    /**
     * Sorted texts share prefixes with the text before them, so the trie grows at the end of the
     * path just walked, and each node's children come in order without any lookup.
     */
    private int insertAll(String[] sorted, int[] lastChild) {
        int nodes = 1;
        int[] path = new int[1];
        String previous = "";
        for (String text : sorted) {
            if (path.length < text.length() + 1) {
                path = Arrays.copyOf(path, text.length() + 1);
            }
            int shared = 0;
            while (shared < previous.length() && shared < text.length() && previous.charAt(shared) == text.charAt(shared)) {
                shared++;
            }
            for (int i = shared; i < text.length(); i++) {
                int parent = path[i];
                int node = nodes++;
                label[node] = text.charAt(i);
                depth[node] = i + 1;
                if (firstChild[parent] == NONE) {
                    firstChild[parent] = node;
                } else {
                    nextSibling[lastChild[parent]] = node;
                }
                lastChild[parent] = node;
                path[i + 1] = node;
            }
            longest[path[text.length()]] = text.length();
            previous = text;
        }
        return nodes;
    }

    /** Breadth first, so that a node's suffix link is known before its children's. */
    private void linkSuffixes(int nodes) {
        int[] queue = new int[nodes];
        int head = 0;
        int tail = 0;
        for (int c = firstChild[ROOT]; c != NONE; c = nextSibling[c]) {
            fail[c] = ROOT;
            queue[tail++] = c;
        }
        while (head < tail) {
            int node = queue[head++];
            longest[node] = Math.max(longest[node], longest[fail[node]]);
            for (int c = firstChild[node]; c != NONE; c = nextSibling[c]) {
                fail[c] = next(fail[node], label[c]);
                queue[tail++] = c;
            }
        }
    }

    private int child(int node, char c) {
        if (node == ROOT && c < DIRECT) {
            return rootChild[c];
        }
        for (int child = firstChild[node]; child != NONE; child = nextSibling[child]) {
            if (label[child] == c) {
                return child;
            }
        }
        return NONE;
    }

    /**
     * @param state where the scan is, {@link #ROOT} at its start
     * @param c the next character
     * @return the state after it
     */
    int next(int state, char c) {
        int node = state;
        while (true) {
            int child = child(node, c);
            if (child != NONE) {
                return child;
            }
            if (node == ROOT) {
                return ROOT;
            }
            node = fail[node];
        }
    }

    /**
     * @param state a state
     * @return the length of the longest text ending there, or 0
     */
    int found(int state) {
        return longest[state];
    }

    /**
     * @param state a state
     * @return how many of the last characters may still begin a text, so must be held back
     */
    int depth(int state) {
        return depth[state];
    }
}
