package org.l2l4j.cli;

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
    private final boolean terminal;
    private final String suite;
    private ProgressBar bar;
    private String lastRatio = "";

    /** @param terminal whether {@code console} is a terminal ({@link ProgressBarOutput}) */
    SuiteProgress(PrintStream console, boolean terminal, String suite) {
        this.console = console;
        this.terminal = terminal;
        this.suite = suite;
    }

    @Override
    public void started(int totalRuns) {
        bar = ProgressBarOutput.drawTo(new ProgressBarBuilder(), console, terminal).setTaskName(suite)
                .setInitialMax(totalRuns).setStyle(ProgressBarStyle.ASCII).setUnit(" runs", 1).build();
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
