package io.ferry.runbook;

import io.ferry.secret.SecretSummary;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What discovery reads from the source: keys matching any include (all when there are none) and no
 * exclude. Patterns are globs: {@code *} within one path segment, {@code **} across segments,
 * {@code ?} one character.
 *
 * @param includes include globs
 * @param excludes exclude globs
 * @param includeIf include predicates over summaries (a record must satisfy all)
 * @param excludeIf exclude predicates over summaries (a record satisfying any is left out)
 * @param pageSize entries per listing page
 * @param batchSize values read per batch call
 * @param allVersions whether each secret's earlier versions are read too, so that a secret the run
 *     creates gets them in the target, oldest first, before the current one
 * @param skipDisabled whether disabled source records ({@code enabled=false}) are left out; by
 *     default they are copied disabled, to a target that has a disabled state
 */
public record Discovery(List<String> includes, List<String> excludes, List<Predicate<SecretSummary>> includeIf,
                        List<Predicate<SecretSummary>> excludeIf, int pageSize, int batchSize, boolean allVersions,
                        boolean skipDisabled) {

    /** Default entries per listing page. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** Default values per batch read. */
    public static final int DEFAULT_BATCH_SIZE = 20;

    /** Copies the lists and checks the sizes. */
    public Discovery {
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
        includeIf = List.copyOf(includeIf);
        excludeIf = List.copyOf(excludeIf);
        if (pageSize < 1 || batchSize < 1) {
            throw new IllegalArgumentException("discovery pageSize and batchSize must be at least 1");
        }
    }

    /**
     * Discovery that copies disabled records disabled.
     *
     * @param includes include globs
     * @param excludes exclude globs
     * @param includeIf include predicates over summaries
     * @param excludeIf exclude predicates over summaries
     * @param pageSize entries per listing page
     * @param batchSize values read per batch call
     * @param allVersions whether earlier versions are carried too
     */
    public Discovery(List<String> includes, List<String> excludes, List<Predicate<SecretSummary>> includeIf,
                     List<Predicate<SecretSummary>> excludeIf, int pageSize, int batchSize, boolean allVersions) {
        this(includes, excludes, includeIf, excludeIf, pageSize, batchSize, allVersions, false);
    }

    /**
     * Discovery of current values only.
     *
     * @param includes include globs
     * @param excludes exclude globs
     * @param includeIf include predicates over summaries
     * @param excludeIf exclude predicates over summaries
     * @param pageSize entries per listing page
     * @param batchSize values read per batch call
     */
    public Discovery(List<String> includes, List<String> excludes, List<Predicate<SecretSummary>> includeIf,
                     List<Predicate<SecretSummary>> excludeIf, int pageSize, int batchSize) {
        this(includes, excludes, includeIf, excludeIf, pageSize, batchSize, false, false);
    }

    /** @return everything, current values only, with default page and batch sizes */
    public static Discovery all() {
        return new Discovery(List.of(), List.of(), List.of(), List.of(), DEFAULT_PAGE_SIZE, DEFAULT_BATCH_SIZE, false, false);
    }

    /**
     * @param all whether to carry earlier versions
     * @return this discovery, reading earlier versions or not
     */
    public Discovery withAllVersions(boolean all) {
        return new Discovery(includes, excludes, includeIf, excludeIf, pageSize, batchSize, all, skipDisabled);
    }

    /**
     * @param skip whether disabled source records are left out rather than copied disabled
     * @return this discovery, leaving disabled records out or not
     */
    public Discovery withSkipDisabled(boolean skip) {
        return new Discovery(includes, excludes, includeIf, excludeIf, pageSize, batchSize, allVersions, skip);
    }

    /**
     * @param summary a listed secret
     * @return whether discovery keeps it
     */
    public boolean accepts(SecretSummary summary) {
        String key = summary.key();
        if (!includes.isEmpty() && includes.stream().noneMatch(g -> glob(g).matcher(key).matches())) {
            return false;
        }
        if (excludes.stream().anyMatch(g -> glob(g).matcher(key).matches())) {
            return false;
        }
        return includeIf.stream().allMatch(p -> p.test(summary)) && excludeIf.stream().noneMatch(p -> p.test(summary));
    }

    /**
     * @param glob a glob
     * @return the equivalent full-match regular expression
     */
    public static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
