package io.ferry.dsl;

import io.ferry.runbook.OnFailure;
import io.ferry.runbook.Runbook;
import io.ferry.runbook.Stage;
import io.ferry.runbook.Validation;
import io.ferry.runbook.Validation.Compare;

/** The delegate of {@code validation { }}: how the run checks what it wrote. */
public final class ValidationBlock extends StageBlock {

    private Validation validation = Validation.defaults();

    ValidationBlock(Evaluation evaluation, Runbook.Builder runbook) {
        super(Stage.VALIDATION, evaluation, runbook);
    }

    /**
     * A share of the written records, for {@code compare sample(0.1)}.
     *
     * @param fraction above 0, at most 1
     */
    public record Sample(double fraction) {
    }

    /** @param choice {@code full} (the default) or {@code none} */
    public void compare(String choice) {
        evaluation().attempt(() -> {
            if ("full".equals(choice)) {
                validation = new Validation(Compare.FULL, 1.0, validation.minMatchRate(), validation.onFailure());
            } else if ("none".equals(choice)) {
                validation = new Validation(Compare.NONE, 1.0, validation.minMatchRate(), validation.onFailure());
            } else {
                throw new IllegalArgumentException("compare '" + choice + "' is not one of 'full', 'none', sample(FRACTION)");
            }
        });
    }

    /** @param sample {@code sample(0.1)}: compare a random tenth */
    public void compare(Sample sample) {
        evaluation().attempt(() -> validation = new Validation(Compare.SAMPLE, sample.fraction(),
                validation.minMatchRate(), validation.onFailure()));
    }

    /**
     * @param fraction the share to compare, above 0 and at most 1
     * @return the argument of {@link #compare(Sample)}
     */
    public Sample sample(double fraction) {
        return new Sample(fraction);
    }

    /** @param rate the share of compared records that must match, 0 to 1; default 1 */
    public void minMatchRate(double rate) {
        evaluation().attempt(() -> validation = new Validation(validation.compare(), validation.sampleFraction(),
                rate, validation.onFailure()));
    }

    /** @param choice {@code stop} (the default) or {@code rollback} */
    public void onFailure(String choice) {
        evaluation().attempt(() -> validation = new Validation(validation.compare(), validation.sampleFraction(),
                validation.minMatchRate(), OnFailure.of(choice)));
    }

    Validation validation() {
        return validation;
    }
}
