package io.ferry.transforms;

import io.ferry.transform.Transform;

/**
 * A reversible encoding of keys into the names a store accepts: the subclass says how characters
 * are escaped and read back; this class checks the store's length limit, refuses names the encoder
 * could not have written, and pairs each direction with its inverse.
 */
abstract class NameEncoding extends KeyMapping {

    private final String transformName;
    private final String store;
    private final int maxLength;
    private final boolean decode;

    /**
     * @param transformName the transform's name
     * @param store the store's name, for the length error
     * @param maxLength the longest name the store accepts
     * @param decode false to encode keys into names, true to turn names back into keys
     */
    NameEncoding(String transformName, String store, int maxLength, boolean decode) {
        this.transformName = transformName;
        this.store = store;
        this.maxLength = maxLength;
        this.decode = decode;
    }

    /** @param key a key @return its encoded name */
    abstract String escape(String key);

    /**
     * @param name an encoded name
     * @param out where the decoded key goes
     * @return false when the name holds something the encoder never writes
     */
    abstract boolean unescape(String name, StringBuilder out);

    /** @param decodes the direction @return this encoding in that direction */
    abstract NameEncoding direction(boolean decodes);

    /** @return whether the store takes two names as one; case-insensitive stores override it */
    boolean sameName(String a, String b) {
        return a.equals(b);
    }

    @Override
    public final String name() {
        return decode ? transformName + " (inverse)" : transformName;
    }

    @Override
    final String map(String key) {
        return decode ? decode(key) : encode(key);
    }

    private String encode(String key) {
        String out = escape(key);
        if (out.length() > maxLength) {
            throw new IllegalArgumentException(transformName + ": key " + key + " encodes to " + out.length()
                    + " characters; " + store + " allows " + maxLength + "; shorten it with rename first");
        }
        return out;
    }

    private String decode(String name) {
        StringBuilder out = new StringBuilder();
        // A name that decodes but does not encode back to itself was not written by the encoder.
        if (!unescape(name, out) || !sameName(escape(out.toString()), name)) {
            throw new IllegalArgumentException(transformName + " (inverse): name " + name + " is not in the "
                    + transformName + " encoding; it was not written by " + transformName);
        }
        return out.toString();
    }

    @Override
    public final boolean reversible() {
        return true;
    }

    @Override
    public final Transform inverse() {
        return direction(!decode);
    }
}
