package io.ferry.provider.vault;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The keys under a prefix in key order, found by walking Vault's one-level folder listings depth
 * first, lazily, starting after a given key. Sorting each folder's names and descending into a
 * sub-folder where it sorts gives the keys in order: a sub-folder's name with its slash is a prefix
 * of every key inside it, so those keys sort together where the folder does. Folders that cannot
 * hold a key under the prefix or after the start are never listed. Both {@code foo} and
 * {@code foo/bar} can exist; {@code foo} comes first.
 */
final class KeyWalk implements Iterator<String> {

    private final Function<String, List<String>> lister;
    private final String prefix;
    private final String after;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private String next;

    private static final class Frame {
        final String folder;
        final List<String> names;
        int index;

        Frame(String folder, List<String> names) {
            this.folder = folder;
            this.names = names;
        }
    }

    /**
     * @param lister lists one folder ({@code ""} or ending in a slash): its names, sub-folders with a trailing slash
     * @param prefix the prefix every key must start with
     * @param after the key to start after, or null to start at the beginning
     */
    KeyWalk(Function<String, List<String>> lister, String prefix, String after) {
        this.lister = lister;
        this.prefix = prefix;
        this.after = after;
        descend(prefix.substring(0, prefix.lastIndexOf('/') + 1));
    }

    private void descend(String folder) {
        List<String> names = new ArrayList<>(lister.apply(folder));
        names.sort(null);
        stack.push(new Frame(folder, names));
    }

    @Override
    public boolean hasNext() {
        while (next == null && !stack.isEmpty()) {
            Frame frame = stack.peek();
            if (frame.index >= frame.names.size()) {
                stack.pop();
                continue;
            }
            String path = frame.folder + frame.names.get(frame.index++);
            if (path.endsWith("/")) {
                boolean underPrefix = path.startsWith(prefix) || prefix.startsWith(path);
                boolean passed = after != null && path.compareTo(after) < 0 && !after.startsWith(path);
                if (underPrefix && !passed) {
                    descend(path);
                }
            } else if (path.startsWith(prefix) && (after == null || path.compareTo(after) > 0)) {
                next = path;
            }
        }
        return next != null;
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        String key = next;
        next = null;
        return key;
    }
}
