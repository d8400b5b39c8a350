package org.l2l4j.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Where a progress bar is drawn. On a terminal it is redrawn in place every second. When the output goes to a file
 * or a pipe, as in a long run under {@code nohup} with its log, redrawing would fill the log with a line per second
 * joined by carriage returns, so the bar is written as one plain line a minute instead, and once more at its end.
 * The library (progressbar 0.10.1) sometimes hands its final line over twice as a bar closes, a race between its
 * refresh thread and {@code close}; a line equal to the one before it is written once.
 */
final class ProgressBarOutput {

    /** How often a bar writes a line when the output is not a terminal. */
    static final int LINE_INTERVAL_MILLIS = 60_000;

    /** A line's length: with no terminal to measure, the library would cut lines at 80 characters, losing the loss. */
    static final int LINE_LENGTH = 140;

    private ProgressBarOutput() {
    }

    /** Whether the output is a terminal: Java has a console only when neither input nor output is redirected. */
    static boolean terminal() {
        return System.console() != null;
    }

    /** {@code builder} drawing to {@code console}: in place on a terminal, otherwise as lines. */
    static ProgressBarBuilder drawTo(ProgressBarBuilder builder, PrintStream console, boolean terminal) {
        if (terminal) {
            return builder.setConsumer(new ConsoleProgressBarConsumer(console));
        }
        return builder.setConsumer(new DelegatingProgressBarConsumer(new DistinctLines(console), LINE_LENGTH))
                .setUpdateIntervalMillis(LINE_INTERVAL_MILLIS);
    }

    /** Writes each line unless it repeats the line just written. */
    static final class DistinctLines implements Consumer<String> {
        private final PrintStream console;
        private String last;

        DistinctLines(PrintStream console) {
            this.console = console;
        }

        @Override
        public synchronized void accept(String line) {
            if (!line.equals(last)) {
                console.println(line);
                last = line;
            }
        }
    }
}
