package org.l2l4j.cli;

import org.l2l4j.data.MnistDataset;
import org.l2l4j.eval.BaselineCache;
import org.l2l4j.eval.SuiteData;
import org.l2l4j.eval.SuiteResult;
import org.l2l4j.eval.SuiteRunner;
import org.l2l4j.eval.Suites;
import org.l2l4j.problem.OneDnnLayers;
import org.l2l4j.updater.LearnedUpdater;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.l2l4j.eval.CaseResult;
import org.l2l4j.eval.SuiteListener;
import java.nio.file.Path;
import java.time.Duration;

/** {@code evaluate --suite NAME}: every case of a suite, a progress bar over all of them, and the suite's report. */
final class SuiteEvaluation {

    /** Examples per split in {@code --quick}. */
    private static final int QUICK_EXAMPLES = 500;

    private SuiteEvaluation() {
    }

    static void checkName(CommandLine commandLine, String suite) {
        if (!Suites.names().contains(suite)) {
            throw new CommandLine.ParameterException(commandLine, "there is no suite '" + suite + "'; the suites are "
                    + Suites.names());
        }
    }

    static void run(String suite, boolean quick, List<String> only, LearnedUpdater learned, String optimizerName,
            int seeds, Path dataDir, Path cacheDir, Path out, String command) throws IOException {
        MnistDataset dataset = MnistDataset.resolve(dataDir);
        SuiteData data = SuiteData.of(dataset.load(true), dataset.load(false), quick ? QUICK_EXAMPLES : 0);
        BaselineCache cache = new BaselineCache(cacheDir == null ? BaselineCache.defaultDirectory() : cacheDir);
        System.out.printf("Suite %s%s with %s, %d seeds; baselines cached in %s%n", suite, quick ? " (quick)" : "",
                optimizerName, seeds, cache.directory().toAbsolutePath());
        if (!OneDnnLayers.active()) {
            System.out.println(OneDnnLayers.describe());
        }
        long start = System.nanoTime();
        SuiteResult result;
        List<CaseResult> done = new ArrayList<>();
        int total = SuiteRunner.selected(suite, quick, only).size();
        try (SuiteProgress progress = new SuiteProgress(System.err, ProgressBarOutput.terminal(), suite)) {
            SuiteListener reporting = new SuiteListener() {
                @Override
                public void started(int totalRuns) {
                    progress.started(totalRuns);
                }

                @Override
                public void advanced(int runs, String what) {
                    progress.advanced(runs, what);
                }

                /** A long suite leaves a readable report of the cases done so far after each case. */
                @Override
                public void caseFinished(CaseResult result) {
                    progress.caseFinished(result);
                    done.add(result);
                    if (done.size() < total) {
                        try {
                            new SuiteReport(new SuiteResult(suite, quick, seeds, done), optimizerName, command)
                                    .partial(total).write(out);
                        } catch (IOException e) {
                            throw new UncheckedIOException("could not write the report in " + out + ": " + e.getMessage(), e);
                        }
                    }
                }
            };
            result = new SuiteRunner(data, cache, reporting).run(suite, quick, learned, seeds, only);
        }
        SuiteReport report = new SuiteReport(result, optimizerName, command);
        report.write(out);
        System.out.println();
        System.out.print(report.table());
        System.out.printf("Wall time %s; report: %s%n", Duration.ofSeconds((System.nanoTime() - start) / 1_000_000_000L),
                out.resolve("report.md").toAbsolutePath());
    }
}
