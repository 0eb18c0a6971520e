package io.ferry.api;

import io.ferry.monitor.ShadowMonitor;
import io.ferry.state.Action;
import io.ferry.state.ItemStatus;
import io.ferry.state.JournalItem;
import io.ferry.state.RunJournal;
import io.ferry.state.SyncJournal;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The records a migration put in its target, read lazily a page at a time, for the shadow read: a
 * run's written and unchanged items, or what a sync's passes copied.
 */
final class MigratedRecords {

    private static final int PAGE = 500;

    private MigratedRecords() {
    }

    static Iterator<ShadowMonitor.Pair> ofRun(RunJournal journal) {
        return new Paged<JournalItem>() {
            private long after;

            @Override
            List<JournalItem> next(int limit) {
                List<JournalItem> page = journal.items(Set.of(ItemStatus.DONE, ItemStatus.NOOP), after, limit, false);
                if (!page.isEmpty()) {
                    after = page.get(page.size() - 1).seq();
                }
                return page;
            }

            @Override
            ShadowMonitor.Pair pair(JournalItem item) {
                boolean migrated = item.action() == Action.CREATE || item.action() == Action.UPDATE
                        || item.action() == Action.UNCHANGED;
                return migrated ? new ShadowMonitor.Pair(item.sourceKey(), item.targetKey(), item.sourceFingerprint(),
                        item.desiredFingerprint()) : null;
            }
        };
    }

    static Iterator<ShadowMonitor.Pair> ofSync(SyncJournal journal) {
        return new Paged<SyncJournal.Mark>() {
            private String after = "";

            @Override
            List<SyncJournal.Mark> next(int limit) {
                List<SyncJournal.Mark> page = journal.copied(after, limit);
                if (!page.isEmpty()) {
                    after = page.get(page.size() - 1).sourceKey();
                }
                return page;
            }

            @Override
            ShadowMonitor.Pair pair(SyncJournal.Mark mark) {
                return new ShadowMonitor.Pair(mark.sourceKey(), mark.targetKey(), null, null);
            }
        };
    }

    /** Pages of rows turned into pairs; rows that are no pair are passed over. */
    private abstract static class Paged<T> implements Iterator<ShadowMonitor.Pair> {
        private Iterator<T> page = List.<T>of().iterator();
        private boolean exhausted;
        private ShadowMonitor.Pair ahead;

        abstract List<T> next(int limit);

        abstract ShadowMonitor.Pair pair(T row);

        @Override
        public boolean hasNext() {
            while (ahead == null) {
                if (!page.hasNext()) {
                    if (exhausted) {
                        return false;
                    }
                    List<T> rows = next(PAGE);
                    exhausted = rows.size() < PAGE;
                    page = rows.iterator();
                    continue;
                }
                ahead = pair(page.next());
            }
            return true;
        }

        @Override
        public ShadowMonitor.Pair next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ShadowMonitor.Pair p = ahead;
            ahead = null;
            return p;
        }
    }
}
