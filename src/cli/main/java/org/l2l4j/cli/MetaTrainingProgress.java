package org.l2l4j.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.l2l4j.meta.EpochResult;
import org.l2l4j.meta.MetaTrainer;
import org.l2l4j.meta.MetaTrainingListener;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * meta-train's console: a progress bar with the loss and the best validation loss, and log.png, redrawn after an
 * epoch with a validation, at most {@link #PLOT_EVERY} apart otherwise, and at the end. Drawing it after every
 * epoch took 2.7% of a meta-training job's Java samples in a JFR profile (docs/results/benchmarks.md, session 12).
 */
final class MetaTrainingProgress implements MetaTrainingListener, AutoCloseable {

    private static final Duration PLOT_EVERY = Duration.ofSeconds(30);

    private final PrintStream console;
    private final boolean terminal;
    private final Path plot;
    private boolean plotted;
    /** System.nanoTime() when log.png was last drawn. */
    private long plottedAt;
    /** The log since the last drawing, if it is newer than log.png; null if log.png is up to date. */
    private List<EpochResult> unplotted;
    private int firstEpoch;
    private int epochs;
    private int truncations;
    private ProgressBar bar;

    /** @param terminal whether {@code console} is a terminal ({@link ProgressBarOutput}) */
    MetaTrainingProgress(PrintStream console, boolean terminal, Path out) {
        this.console = console;
        this.terminal = terminal;
        this.plot = out.resolve("log.png");
    }

    @Override
    public void tuningAdam(int problem, int problems, String description) {
        console.printf(Locale.ROOT, "tuning Adam's learning rate on task %d of %d (for --select-by ratio-to-adam): %s%n",
                problem + 1, problems, description);
    }

    @Override
    public void started(int firstEpoch, int epochs) {
        this.firstEpoch = firstEpoch;
        this.epochs = epochs;
    }

    /** The bar counts meta-updates, shown as epochs, so that its estimate of the time left appears after the first. */
    @Override
    public void truncationCompleted(int epoch, int truncation, int truncations) {
        if (bar == null) {
            this.truncations = truncations;
            bar = ProgressBarOutput.drawTo(new ProgressBarBuilder(), console, terminal).setTaskName("meta-train")
                    .setInitialMax((long) epochs * truncations).setUnit(" epochs", truncations)
                    .startsFrom((long) firstEpoch * truncations, Duration.ZERO).setStyle(ProgressBarStyle.ASCII)
                    // the library's default "#.0" writes 0.2 epochs/s as ".2"
                    .showSpeed(new DecimalFormat("0.0")).build();
        }
        bar.stepTo((long) epoch * truncations + truncation + 1);
    }

    @Override
    public void epochCompleted(Progress progress) {
        unplotted = progress.log();
        if (!plotted || progress.last().validated()
                || System.nanoTime() - plottedAt >= PLOT_EVERY.toNanos()) {
            plotNow();
        }
        bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4g", progress.last().metaLoss())
                + (Double.isInfinite(progress.bestValidationLoss()) ? ""
                : String.format(Locale.ROOT, " best val %.4g", progress.bestValidationLoss())));
        bar.stepTo((long) (progress.last().epoch() + 1) * truncations);
    }

    @Override
    public void rolledBack(String what, double learningRate, int rollback) {
        console.printf(Locale.ROOT, "%n%s; rolled back to the start of the epoch, meta learning rate halved to %.3g"
                + " (rollback %d of at most %d)%n", what, learningRate, rollback, MetaTrainer.MAX_ROLLBACKS);
    }

    private void plotNow() {
        try {
            TrainingLogPlot.write(unplotted, plot);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        plotted = true;
        plottedAt = System.nanoTime();
        unplotted = null;
    }

    @Override
    public void close() {
        if (unplotted != null) {
            plotNow();
        }
        if (bar != null) {
            bar.close();
        }
    }
}
