package io.ferry.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.transform.stc.ClosureParams;
import groovy.transform.stc.SimpleType;
import io.ferry.runbook.Discovery;
import io.ferry.runbook.Runbook;
import io.ferry.runbook.Stage;
import io.ferry.secret.SecretSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The delegate of {@code discovery { }}: which source records the run reads. */
public final class DiscoveryBlock extends StageBlock {

    private Discovery discovery = Discovery.all();

    DiscoveryBlock(Evaluation evaluation, Runbook.Builder runbook) {
        super(Stage.DISCOVERY, evaluation, runbook);
    }

    /**
     * {@code include 'app/**', 'shared/*'}: read only keys matching one of the globs.
     *
     * @param globs {@code *} within a segment, {@code **} across segments, {@code ?} one character
     */
    public void include(String... globs) {
        discovery = new Discovery(plus(discovery.includes(), Arrays.asList(globs)), discovery.excludes(),
                discovery.includeIf(), discovery.excludeIf(), discovery.pageSize(), discovery.batchSize(), discovery.allVersions(),
                discovery.skipDisabled());
    }

    /**
     * {@code include { it.tags.team == 'payments' }}: read only secrets the predicate accepts.
     *
     * @param predicate called with the {@link SecretSummary}, which is also its delegate
     */
    public void include(@DelegatesTo(value = SecretSummary.class, strategy = Closure.DELEGATE_FIRST)
                        @ClosureParams(value = SimpleType.class, options = "io.ferry.secret.SecretSummary")
                        Closure<?> predicate) {
        discovery = new Discovery(discovery.includes(), discovery.excludes(),
                plus(discovery.includeIf(), List.of(new ClosurePredicate(predicate, evaluation().closureName("filter")))),
                discovery.excludeIf(), discovery.pageSize(), discovery.batchSize(), discovery.allVersions(),
                discovery.skipDisabled());
    }

    /**
     * {@code exclude 'app/tmp/*'}: leave out keys matching any of the globs.
     *
     * @param globs as for {@link #include(String...)}
     */
    public void exclude(String... globs) {
        discovery = new Discovery(discovery.includes(), plus(discovery.excludes(), Arrays.asList(globs)),
                discovery.includeIf(), discovery.excludeIf(), discovery.pageSize(), discovery.batchSize(), discovery.allVersions(),
                discovery.skipDisabled());
    }

    /**
     * {@code exclude { it.tags.env == 'dev' }}: leave out secrets the predicate accepts.
     *
     * @param predicate called with the {@link SecretSummary}, which is also its delegate
     */
    public void exclude(@DelegatesTo(value = SecretSummary.class, strategy = Closure.DELEGATE_FIRST)
                        @ClosureParams(value = SimpleType.class, options = "io.ferry.secret.SecretSummary")
                        Closure<?> predicate) {
        discovery = new Discovery(discovery.includes(), discovery.excludes(), discovery.includeIf(),
                plus(discovery.excludeIf(), List.of(new ClosurePredicate(predicate, evaluation().closureName("filter")))),
                discovery.pageSize(), discovery.batchSize(), discovery.allVersions(),
                discovery.skipDisabled());
    }

    /** @param entries entries per listing page, at least 1; default {@value Discovery#DEFAULT_PAGE_SIZE} */
    public void pageSize(int entries) {
        evaluation().attempt(() -> discovery = new Discovery(discovery.includes(), discovery.excludes(),
                discovery.includeIf(), discovery.excludeIf(), entries, discovery.batchSize(), discovery.allVersions(),
                discovery.skipDisabled()));
    }

    /** @param values values read per batch call, at least 1; default {@value Discovery#DEFAULT_BATCH_SIZE} */
    public void batchSize(int values) {
        evaluation().attempt(() -> discovery = new Discovery(discovery.includes(), discovery.excludes(),
                discovery.includeIf(), discovery.excludeIf(), discovery.pageSize(), values, discovery.allVersions(),
                discovery.skipDisabled()));
    }

    /**
     * {@code versions 'all'}: read each secret's earlier versions too, so that a secret the run
     * creates gets its history in the target, oldest first; {@code versions 'current'} (the default)
     * reads only current values.
     *
     * @param which {@code current} or {@code all}
     */
    public void versions(String which) {
        evaluation().attempt(() -> discovery = discovery.withAllVersions(switch (which) {
            case "all" -> true;
            case "current" -> false;
            default -> throw new IllegalArgumentException("versions '" + which + "' is not one of 'current', 'all'");
        }));
    }

    /**
     * {@code disabled 'copy'} (the default): a disabled source record ({@code enabled=false}) is
     * copied disabled, and skipped with the reason where the target has no disabled state, since
     * copying it enabled would make live a secret someone switched off; {@code disabled 'skip'}
     * leaves every disabled record out, with that reason in the plan.
     *
     * @param what {@code copy} or {@code skip}
     */
    public void disabled(String what) {
        evaluation().attempt(() -> discovery = discovery.withSkipDisabled(switch (what) {
            case "copy" -> false;
            case "skip" -> true;
            default -> throw new IllegalArgumentException("disabled '" + what + "' is not one of 'copy', 'skip'");
        }));
    }

    Discovery discovery() {
        return discovery;
    }

    private static <T> List<T> plus(List<T> list, List<? extends T> more) {
        List<T> all = new ArrayList<>(list);
        all.addAll(more);
        return all;
    }
}
