package org.l2l4j.eval;

import org.l2l4j.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The race as text: a console table and a CSV of the loss curves. */
public final class RaceReport {

    private RaceReport() {
    }

    public static String table(List<RaceResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-10s %22s %18s %20s%n", "optimizer", "final minibatch loss", "test loss", "test accuracy"));
        for (RaceResult r : results) {
            int last = r.steps() - 1;
            sb.append(String.format(Locale.ROOT, "%-10s %13.4f ± %.4f %9.4f ± %.4f %11.4f ± %.4f%n", r.optimizer(),
                    r.meanLossAt(last), r.stdLossAt(last), r.meanFinalTestLoss(), RaceResult.std(r.finalTestLoss()),
                    r.meanFinalTestAccuracy(), RaceResult.std(r.finalTestAccuracy())));
        }
        return sb.toString();
    }

    /** One row per step: the mean and standard deviation over seeds of each optimizer's minibatch loss. */
    public static void writeCurvesCsv(List<RaceResult> results, Path csv) throws IOException {
        StringBuilder sb = new StringBuilder("step");
        for (RaceResult r : results) {
            sb.append(',').append(r.optimizer()).append("_mean,").append(r.optimizer()).append("_std");
        }
        sb.append('\n');
        for (int t = 0; t < results.get(0).steps(); t++) {
            sb.append(t);
            for (RaceResult r : results) {
                sb.append(String.format(Locale.ROOT, ",%.6g,%.6g", r.meanLossAt(t), r.stdLossAt(t)));
            }
            sb.append('\n');
        }
        AtomicFiles.write(csv, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
