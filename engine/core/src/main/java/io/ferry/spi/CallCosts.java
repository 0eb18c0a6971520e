package io.ferry.spi;

import java.util.Objects;

/**
 * What a run's calls to one store cost, so that a plan can say how long applying it will take before
 * anything runs: the rates the adapter paces each class of call at (the store's quotas, or the
 * {@code rate.*} options of its URI that override them) and how many calls each thing the engine
 * asks of the store takes at the least. An adapter gives them from its factory
 * ({@link ProviderFactory#costs(ProviderSpec)}), from the URI alone, without calling the store.
 *
 * @param store the store's name, for the estimate's lines ("AWS Secrets Manager")
 * @param readsPerSecond read calls a second; 0 where reads are not paced
 * @param writesPerSecond write calls a second (creating, updating, tagging); 0 where writes are not paced
 * @param listsPerSecond listing calls a second; 0 where listings are not paced
 * @param create the calls creating one record takes
 * @param update the calls updating one record takes at the least (more where a store needs a call per
 *     changed tag)
 * @param batchRead how the store answers a read of many keys at once
 */
public record CallCosts(String store, double readsPerSecond, double writesPerSecond, double listsPerSecond,
                        Calls create, Calls update, BatchRead batchRead) {

    /**
     * The calls one write takes.
     *
     * @param reads read calls made first, to learn the version a conditional write expects
     * @param writes write calls
     */
    public record Calls(int reads, int writes) {

        /** Checks the counts. */
        public Calls {
            if (reads < 0 || writes < 1) {
                throw new IllegalArgumentException("a write takes at least one write call and no negative number of reads");
            }
        }
    }

    /**
     * How a read of many keys ({@link SecretProvider#readBatch}) reaches the store.
     *
     * @param keysPerCall the keys one batched call reads; 1 where the store has no batch call and each
     *     key is one read call
     * @param callsPerSecond the rate of the batched calls where the store gives them a quota of their
     *     own; 0 where they are not paced
     * @param readsPerKey read calls made for each key besides the batched ones (the metadata a batch
     *     call does not give)
     */
    public record BatchRead(int keysPerCall, double callsPerSecond, int readsPerKey) {

        /** One read call per key, as {@link SecretProvider#readBatch}'s default makes. */
        public static final BatchRead ONE_BY_ONE = new BatchRead(1, 0, 0);

        /** Checks the counts. */
        public BatchRead {
            if (keysPerCall < 1 || readsPerKey < 0 || !(callsPerSecond >= 0) || Double.isInfinite(callsPerSecond)) {
                throw new IllegalArgumentException("a batch read covers at least one key a call, at a rate of at least 0");
            }
        }

        /** @return whether several keys share a call */
        public boolean batched() {
            return keysPerCall > 1;
        }
    }

    /** Checks the fields. */
    public CallCosts {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(create, "create");
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(batchRead, "batchRead");
        for (double rate : new double[] {readsPerSecond, writesPerSecond, listsPerSecond}) {
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("a rate is a number of calls a second of at least 0, got " + rate);
            }
        }
    }

    /**
     * @param store the store's name
     * @return the costs of a store whose calls are not paced (a file, memory): one write per record,
     *     one read per key
     */
    public static CallCosts unpaced(String store) {
        Calls one = new Calls(0, 1);
        return new CallCosts(store, 0, 0, 0, one, one, BatchRead.ONE_BY_ONE);
    }

    /**
     * @param reads read calls a second, 0 for unpaced
     * @param writes write calls a second, 0 for unpaced
     * @param lists listing calls a second, 0 for unpaced
     * @return these costs at those rates
     */
    public CallCosts paced(double reads, double writes, double lists) {
        return new CallCosts(store, reads, writes, lists, create, update, batchRead);
    }

    /**
     * @param creating the calls creating one record takes
     * @param updating the calls updating one record takes at the least
     * @return these costs with those calls per write
     */
    public CallCosts writes(Calls creating, Calls updating) {
        return new CallCosts(store, readsPerSecond, writesPerSecond, listsPerSecond, creating, updating, batchRead);
    }

    /**
     * @param reading how a read of many keys reaches the store
     * @return these costs with that batch read
     */
    public CallCosts reads(BatchRead reading) {
        return new CallCosts(store, readsPerSecond, writesPerSecond, listsPerSecond, create, update, reading);
    }
}
