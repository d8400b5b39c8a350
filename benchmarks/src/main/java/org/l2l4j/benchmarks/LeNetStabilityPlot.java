package org.l2l4j.benchmarks;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.l2l4j.io.AtomicFiles;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;

/**
 * A picture of {@link LeNetStability}'s CSVs: each run's loss on the fixed set against the step, on a log scale,
 * over the first {@code STEPS} steps. Runs whose file name starts with "adam" are drawn in grey.
 *
 * <p>Usage: {@code LeNetStabilityPlot OUT.png STEPS RUN.csv...}; each line is named after its file.
 */
public final class LeNetStabilityPlot {

    private static final Color[] COLORS = {new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C),
            new Color(0x9467BD), new Color(0xFF7F0E), new Color(0x8C564B), new Color(0xE377C2), new Color(0x17BECF)};

    private LeNetStabilityPlot() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: LeNetStabilityPlot OUT.png STEPS RUN.csv...");
        }
        int steps = Integer.parseInt(args[1]);
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        int colour = 0;
        for (int i = 2; i < args.length; i++) {
            Path csv = Path.of(args[i]);
            String name = csv.getFileName().toString().replaceFirst("\\.csv$", "");
            XYSeries series = new XYSeries(name);
            List<String> lines = Files.readAllLines(csv);
            int column = List.of(lines.get(0).split(",")).indexOf("fixed_set_loss");
            if (column < 0) {
                throw new IllegalArgumentException(csv + " has no fixed_set_loss column: rerun LeNetStability");
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.split(",", -1);
                int step = Integer.parseInt(fields[0]);
                if (step <= steps && !fields[column].isEmpty()) {
                    series.add(step, Double.parseDouble(fields[column]));
                }
            }
            data.addSeries(series);
            renderer.setSeriesPaint(i - 2, name.startsWith("adam") ? Color.GRAY : COLORS[colour++ % COLORS.length]);
        }
        LogAxis lossAxis = new LogAxis("loss on 10,000 fixed training examples (log scale)");
        lossAxis.setNumberFormatOverride(new DecimalFormat("0.0##"));
        XYPlot plot = new XYPlot(data, new NumberAxis("step"), lossAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart("LeNet-5, batch 64", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(bytes, chart, 1000, 560);
        AtomicFiles.write(Path.of(args[0]), bytes.toByteArray());
    }
}
