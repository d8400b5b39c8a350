package org.l2l4j.eval;

import org.l2l4j.memory.MemoryLimits;
import org.l2l4j.problem.Problem;
import org.l2l4j.updater.LearnedUpdater;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/**
 * The learned optimizer against baselines whose learning rates are tuned first, on tuning seeds disjoint from
 * the reporting seeds, so no baseline is tuned on the runs it is judged by.
 */
public final class OptimizerComparison {

    private static final long TUNING_SEED_BASE = 1_000_001;
    private static final int TUNING_SEEDS = 3;

    private final OptimizerRace race;
    private final PrintStream progress;
    private final long parameters;
    private final int steps;

    public OptimizerComparison(Problem problem, int steps, PrintStream progress) {
        this.race = new OptimizerRace(problem, steps, progress);
        this.progress = progress;
        this.parameters = problem.parameterCount();
        this.steps = steps;
    }

    /** Races {@code learned} against the tuned baselines of {@code settings} on {@code problem}. */
    public static List<RaceResult> run(Problem problem, LearnedUpdater learned, RaceSettings settings,
            PrintStream progress) {
        return new OptimizerComparison(problem, settings.steps(), progress)
                .compare(learned, settings.baselines(), settings.seeds());
    }

    public static long[] reportingSeeds(int count) {
        return LongStream.rangeClosed(1, count).toArray();
    }

    static long[] tuningSeeds() {
        return LongStream.range(TUNING_SEED_BASE, TUNING_SEED_BASE + TUNING_SEEDS).toArray();
    }

    /** @throws org.l2l4j.memory.InsufficientMemoryException before any work when the races cannot fit in this JVM */
    public List<RaceResult> compare(LearnedUpdater learned, List<Baseline> baselines, int seeds) {
        EvaluationMemory.estimate(parameters, learned, baselines, steps, seeds).requireFits(MemoryLimits.ofThisJvm());
        List<RaceResult> results = new ArrayList<>();
        long[] reporting = reportingSeeds(seeds);
        progress.println("Learned optimizer on " + seeds + " seeds:");
        results.add(race.run("learned", null, learned, reporting));
        for (Baseline baseline : baselines) {
            progress.println("Tuning " + baseline.label() + " on " + TUNING_SEEDS + " tuning seeds:");
            double rate = race.tune(baseline, tuningSeeds());
            progress.println(baseline.label() + " at its tuned learning rate " + rate + " on " + seeds + " seeds:");
            results.add(race.run(baseline.label(), rate, baseline.updater(rate), reporting));
        }
        return results;
    }
}
