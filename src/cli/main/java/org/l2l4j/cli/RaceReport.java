package org.l2l4j.cli;

import org.l2l4j.eval.RaceResult;
import org.l2l4j.io.AtomicFiles;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A race written out: a console table, summary.json, curves.csv, curves.png and report.md, all atomically. */
public final class RaceReport {

    private final String problem;
    private final int steps;
    private final int seeds;
    private final List<RaceResult> results;

    public RaceReport(String problem, int steps, int seeds, List<RaceResult> results) {
        this.problem = problem;
        this.steps = steps;
        this.seeds = seeds;
        this.results = List.copyOf(results);
    }

    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-9s %-8s %22s %22s %18s%n", "optimizer", "lr", "final minibatch loss",
                "final loss (all data)", "final accuracy"));
        for (RaceResult r : results) {
            int last = r.steps() - 1;
            sb.append(String.format(Locale.ROOT, "%-9s %-8s %13.4f ± %.4f %13.4f ± %.4f %18s%n", r.optimizer(),
                    r.learningRate() == null ? "-" : r.learningRate(), r.meanLossAt(last), r.stdLossAt(last),
                    r.meanFinalLoss(), r.stdFinalLoss(), accuracy(r)));
        }
        return sb.toString();
    }

    public void write(Path directory, String plotTitle) throws IOException {
        writeSummary(directory.resolve("summary.json"));
        writeCurves(directory.resolve("curves.csv"));
        LossCurvePlot.write(results, plotTitle, directory.resolve("curves.png"));
        writeMarkdown(directory.resolve("report.md"), plotTitle);
    }

    private void writeSummary(Path json) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("problem", problem);
        summary.put("steps", steps);
        summary.put("seeds", seeds);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (RaceResult r : results) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("optimizer", r.optimizer());
            entry.put("learning_rate", r.learningRate());
            entry.put("final_loss_mean", finiteOrNull(r.meanFinalLoss()));
            entry.put("final_loss_std", finiteOrNull(r.stdFinalLoss()));
            entry.put("final_accuracy_mean", finiteOrNull(r.meanFinalAccuracy()));
            double[] curve = r.meanLossCurve();
            List<Double> curveList = new ArrayList<>();
            for (double v : curve) {
                curveList.add(finiteOrNull(v));
            }
            entry.put("loss_curve_mean", curveList);
            entries.add(entry);
        }
        summary.put("results", entries);
        byte[] bytes = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(summary);
        AtomicFiles.write(json, bytes);
    }

    /** Quadratics have no accuracy. */
    private static String accuracy(RaceResult r) {
        return Double.isNaN(r.meanFinalAccuracy()) ? "—"
                : String.format(Locale.ROOT, "%.4f ± %.4f", r.meanFinalAccuracy(), r.stdFinalAccuracy());
    }

    /** JSON has no NaN or infinity: a diverged or undefined value is null. */
    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private void writeCurves(Path csv) throws IOException {
        StringBuilder sb = new StringBuilder("step");
        for (RaceResult r : results) {
            sb.append(',').append(r.optimizer()).append("_mean,").append(r.optimizer()).append("_std");
        }
        sb.append('\n');
        for (int t = 0; t < steps; t++) {
            sb.append(t);
            for (RaceResult r : results) {
                sb.append(String.format(Locale.ROOT, ",%.6g,%.6g", r.meanLossAt(t), r.stdLossAt(t)));
            }
            sb.append('\n');
        }
        AtomicFiles.write(csv, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void writeMarkdown(Path markdown, String title) throws IOException {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        sb.append(String.format(Locale.ROOT, "%s, %d steps, %d seeds (mean ± standard deviation over seeds).%n%n",
                problem, steps, seeds));
        sb.append("| optimizer | learning rate | final minibatch loss | final loss on all data | final accuracy |\n");
        sb.append("|---|---:|---:|---:|---:|\n");
        for (RaceResult r : results) {
            int last = r.steps() - 1;
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.4f ± %.4f | %.4f ± %.4f | %s |%n", r.optimizer(),
                    r.learningRate() == null ? "learned" : r.learningRate(), r.meanLossAt(last), r.stdLossAt(last),
                    r.meanFinalLoss(), r.stdFinalLoss(), accuracy(r)));
        }
        sb.append("\n![loss curves](curves.png)\n");
        AtomicFiles.write(markdown, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
