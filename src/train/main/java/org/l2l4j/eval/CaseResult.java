package org.l2l4j.eval;

import java.util.Comparator;
import java.util.List;

/**
 * One case of a suite: the learned optimizer's runs and every tuned baseline's, on the same reporting seeds.
 *
 * @param cachedBaselines how many of the baselines came from the cache
 */
public record CaseResult(SuiteCase suiteCase, RaceResult learned, List<TunedBaseline> baselines, int cachedBaselines) {

    /** The baseline with the lowest mean final loss. */
    public TunedBaseline best() {
        return baselines.stream().min(Comparator.comparingDouble(b -> b.result().meanFinalLoss())).orElseThrow();
    }

    /** Learned / best baseline mean final loss: below 1 the learned optimizer wins. */
    public double ratio() {
        return learned.meanFinalLoss() / best().result().meanFinalLoss();
    }

    /** The learned optimizer first, then the baselines: for tables and plots. */
    public List<RaceResult> allResults() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(learned),
                baselines.stream().map(TunedBaseline::result)).toList();
    }
}
