package org.l2l4j.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.l2l4j.eval.CaseResult;
import org.l2l4j.eval.SuiteListener;

import java.io.PrintStream;
import java.util.Locale;

/** One progress bar over a whole suite, counted in runs, with the case under way and the last case's ratio. */
final class SuiteProgress implements SuiteListener, AutoCloseable {

    private final PrintStream console;
    private final String suite;
    private ProgressBar bar;
    private String lastRatio = "";

    SuiteProgress(PrintStream console, String suite) {
        this.console = console;
        this.suite = suite;
    }

    @Override
    public void started(int totalRuns) {
        bar = new ProgressBarBuilder().setTaskName(suite).setInitialMax(totalRuns).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(console)).setUnit(" runs", 1).build();
    }

    @Override
    public void advanced(int runs, String what) {
        bar.setExtraMessage(" " + what + lastRatio);
        bar.stepBy(runs);
    }

    @Override
    public void caseFinished(CaseResult result) {
        lastRatio = String.format(Locale.ROOT, " | %s: %.3f", result.suiteCase().name(), result.ratio());
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
