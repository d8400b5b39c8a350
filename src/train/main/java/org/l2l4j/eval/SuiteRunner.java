package org.l2l4j.eval;

import org.l2l4j.problem.Problem;
import org.l2l4j.updater.LearnedUpdater;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a suite with the fair harness of {@link OptimizerComparison}: for every case, the learned optimizer and
 * each baseline at its learning rate tuned on seeds of its own, all on the same reporting seeds (same θ_0,
 * same minibatches per seed). Baselines come from the {@link BaselineCache} when an identical run was made
 * before, so evaluating a new φ costs only its own runs.
 */
public final class SuiteRunner {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private final SuiteData data;
    private final BaselineCache cache;
    private final SuiteListener listener;
    private final String codeFingerprint;
    private final String dataFingerprint;

    public SuiteRunner(SuiteData data, BaselineCache cache, SuiteListener listener) {
        this.data = data;
        this.cache = cache;
        this.listener = listener;
        codeFingerprint = Fingerprint.code();
        dataFingerprint = Fingerprint.data(data.train(), data.test(), data.tuning());
    }

    public SuiteResult run(String suite, boolean quick, LearnedUpdater learned, int seeds) {
        return run(suite, quick, learned, seeds, List.of());
    }

    /** Runs only the suite's cases named in {@code only} (all of them if it is empty), in the suite's order. */
    public SuiteResult run(String suite, boolean quick, LearnedUpdater learned, int seeds, List<String> only) {
        List<SuiteCase> cases = selected(suite, quick, only);
        long[] reporting = OptimizerComparison.reportingSeeds(seeds);
        long[] tuning = quick ? Arrays.copyOf(OptimizerComparison.tuningSeeds(), 1) : OptimizerComparison.tuningSeeds();
        int total = 0;
        for (SuiteCase c : cases) {
            total += runsOf(c);
        }
        listener.started(total);
        List<CaseResult> results = new ArrayList<>();
        for (SuiteCase c : cases) {
            CaseResult result = runCase(c, learned, reporting, tuning);
            results.add(result);
            listener.caseFinished(result);
        }
        return new SuiteResult(suite, quick, seeds, results);
    }

    /**
     * The suite's cases named in {@code only}, or all of them when it is empty.
     *
     * @throws IllegalArgumentException naming the suite's cases if {@code only} names another
     */
    public static List<SuiteCase> selected(String suite, boolean quick, List<String> only) {
        List<SuiteCase> cases = Suites.cases(suite, quick);
        List<String> names = cases.stream().map(SuiteCase::name).toList();
        for (String name : only) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException("suite " + suite + (quick ? " (quick)" : "") + " has no case '"
                        + name + "'; its cases are " + names);
            }
        }
        return only.isEmpty() ? cases : cases.stream().filter(c -> only.contains(c.name())).toList();
    }

    /** The most runs a case takes: one for the learned optimizer, the search and one reporting run per baseline. */
    private static int runsOf(SuiteCase c) {
        return 1 + Baseline.values().length * (c.search().maxRuns() + 1);
    }

    private CaseResult runCase(SuiteCase c, LearnedUpdater learned, long[] reporting, long[] tuning) {
        Problem reportingProblem = c.reporting(data);
        OptimizerRace race = new OptimizerRace(reportingProblem, c.steps(), QUIET);
        RaceResult learnedResult = race.run("learned", null, learned, reporting);
        listener.advanced(1, c.name() + " learned");
        OptimizerRace tuningRace = null;
        List<TunedBaseline> baselines = new ArrayList<>();
        int cached = 0;
        for (Baseline baseline : Baseline.values()) {
            String key = key(c, baseline, reporting, tuning);
            var hit = cache.get(key);
            if (hit.isPresent()) {
                baselines.add(hit.get());
                cached++;
                listener.advanced(c.search().maxRuns() + 1, c.name() + " " + baseline.label() + " (cached)");
                continue;
            }
            if (tuningRace == null) {
                tuningRace = new OptimizerRace(c.tuning(data), c.steps(), QUIET);
            }
            int[] runs = {0};
            double rate = c.search().tune(tuningRace, baseline, tuning, r -> {
                runs[0]++;
                listener.advanced(1, c.name() + " tuning " + baseline.label());
            });
            RaceResult result = race.run(baseline.label(), rate, baseline.updater(rate), reporting);
            listener.advanced(1 + c.search().maxRuns() - runs[0], c.name() + " " + baseline.label());
            TunedBaseline tuned = new TunedBaseline(baseline, rate, result);
            cache.put(key, tuned);
            baselines.add(tuned);
        }
        return new CaseResult(c, learnedResult, baselines, cached);
    }

    private String key(SuiteCase c, Baseline baseline, long[] reporting, long[] tuning) {
        return String.join("\n", "l2l4j tuned baseline",
                "case: " + c.definition(),
                "baseline: " + baseline.name(),
                "grid: " + Arrays.toString(Baseline.learningRateGrid()),
                "tuning seeds: " + Arrays.toString(tuning),
                "reporting seeds: " + Arrays.toString(reporting),
                "data: " + data.describe() + " " + dataFingerprint,
                "code: " + codeFingerprint);
    }
}
