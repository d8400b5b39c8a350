package org.l2l4j.eval;

import org.l2l4j.updater.LearnedUpdater;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a suite with the fair harness of {@link OptimizerComparison}: for every case, the learned optimizer and
 * each baseline at its learning rate tuned on seeds of its own, all on the same reporting seeds (same θ_0,
 * same minibatches per seed). Baselines come from the {@link BaselineCache} when an identical run was made
 * before, so evaluating a new φ costs only its own runs.
 *
 * <p>Within a case, the learned optimizer and the baselines to tune run side by side on {@code threads} threads,
 * each on optimizees of its own and with ND4J on one thread; a run's result does not depend on what runs beside
 * it, so the results are those of one thread, bit for bit ({@code SuiteRunnerTest}).
 */
public final class SuiteRunner {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private final SuiteData data;
    private final BaselineCache cache;
    private final SuiteListener listener;
    private final int threads;
    private final String codeFingerprint;
    private final String dataFingerprint;

    /** A runner on as many threads as the JVM has processors. */
    public SuiteRunner(SuiteData data, BaselineCache cache, SuiteListener listener) {
        this(data, cache, listener, Runtime.getRuntime().availableProcessors());
    }

    public SuiteRunner(SuiteData data, BaselineCache cache, SuiteListener listener, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.data = data;
        this.cache = cache;
        this.listener = new SerialListener(listener);
        this.threads = threads;
        codeFingerprint = Fingerprint.code();
        dataFingerprint = Fingerprint.data(data.train(), data.test(), data.tuning());
    }

    public SuiteResult run(String suite, boolean quick, LearnedUpdater learned, int seeds) {
        return run(suite, quick, learned, seeds, List.of());
    }

    /**
     * Runs only the suite's cases named in {@code only} (all of them if it is empty), in the suite's order.
     * Meanwhile ND4J runs each operation on one thread: its OpenMP and OpenBLAS pools would otherwise put twice as
     * many threads as cores to work (a step of mlp-100-relu on two threads took 68 ms instead of 16 here), and
     * their last bits depend on how many threads they use, which would make the results depend on {@code threads}.
     * ND4J gets its settings back afterwards.
     */
    public SuiteResult run(String suite, boolean quick, LearnedUpdater learned, int seeds, List<String> only) {
        Blas blas = Nd4j.factory().blas();
        int blasThreads = blas.getMaxThreads();
        int nativeThreads = Nd4j.getEnvironment().maxThreads();
        blas.setMaxThreads(1);
        Nd4j.getEnvironment().setMaxThreads(1);
        try {
            return runCases(suite, quick, learned, seeds, only);
        } finally {
            blas.setMaxThreads(blasThreads);
            Nd4j.getEnvironment().setMaxThreads(nativeThreads);
        }
    }

    private SuiteResult runCases(String suite, boolean quick, LearnedUpdater learned, int seeds, List<String> only) {
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
        ExecutorService pool = Executors.newFixedThreadPool(threads, SuiteRunner::singleThreadedNd4jWorker);
        try {
            Future<RaceResult> learnedResult = pool.submit(() -> {
                RaceResult result = new OptimizerRace(c.reporting(data), c.steps(), QUIET).run("learned", null,
                        learned, reporting);
                listener.advanced(1, c.name() + " learned");
                return result;
            });
            List<Future<TunedBaseline>> baselines = new ArrayList<>();
            int cached = 0;
            for (Baseline baseline : Baseline.values()) {
                String key = key(c, baseline, reporting, tuning);
                var hit = cache.get(key);
                if (hit.isPresent()) {
                    baselines.add(CompletableFuture.completedFuture(hit.get()));
                    cached++;
                    listener.advanced(c.search().maxRuns() + 1, c.name() + " " + baseline.label() + " (cached)");
                } else {
                    baselines.add(pool.submit(() -> tuneAndRace(c, baseline, key, reporting, tuning)));
                }
            }
            List<TunedBaseline> tuned = new ArrayList<>();
            for (Future<TunedBaseline> baseline : baselines) {
                tuned.add(resultOf(baseline));
            }
            return new CaseResult(c, resultOf(learnedResult), tuned, cached);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A worker whose OpenMP operations run on its own thread (OpenMP's thread count is a setting per thread). */
    private static Thread singleThreadedNd4jWorker(Runnable work) {
        Thread worker = new Thread(() -> {
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
            work.run();
        }, "l2l4j-suite");
        worker.setDaemon(true);
        return worker;
    }

    /** A baseline tuned on the tuning seeds, then raced on the reporting seeds, and cached. */
    private TunedBaseline tuneAndRace(SuiteCase c, Baseline baseline, String key, long[] reporting, long[] tuning) {
        OptimizerRace tuningRace = new OptimizerRace(c.tuning(data), c.steps(), QUIET);
        int[] runs = {0};
        double rate = c.search().tune(tuningRace, baseline, tuning, r -> {
            runs[0]++;
            listener.advanced(1, c.name() + " tuning " + baseline.label());
        });
        RaceResult result = new OptimizerRace(c.reporting(data), c.steps(), QUIET).run(baseline.label(), rate,
                baseline.updater(rate), reporting);
        listener.advanced(1 + c.search().maxRuns() - runs[0], c.name() + " " + baseline.label());
        TunedBaseline tuned = new TunedBaseline(baseline, rate, result);
        cache.put(key, tuned);
        return tuned;
    }

    /** The job's result, or its own exception rethrown (an error or a runtime exception) in this thread. */
    private static <T> T resultOf(Future<T> job) {
        try {
            return job.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a suite case ran", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
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

    /** Passes the runs' progress on one call at a time: the listener need not be thread-safe. */
    private record SerialListener(SuiteListener listener) implements SuiteListener {
        @Override
        public synchronized void started(int totalRuns) {
            listener.started(totalRuns);
        }

        @Override
        public synchronized void advanced(int runs, String what) {
            listener.advanced(runs, what);
        }

        @Override
        public synchronized void caseFinished(CaseResult result) {
            listener.caseFinished(result);
        }
    }
}
