package org.l2l4j.meta;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * log.csv (epoch, mean optimizee loss over the epoch's training runs, validation loss or empty) and its plot,
 * rewritten atomically after every epoch.
 */
final class TrainingLog {

    record Row(int epoch, double metaLoss, double validationLoss) {
    }

    private static final String HEADER = "epoch,meta_loss,validation_loss";

    private final Path csv;
    private final Path png;
    private final List<Row> rows = new ArrayList<>();

    TrainingLog(Path directory) {
        csv = directory.resolve("log.csv");
        png = directory.resolve("log.png");
    }

    /** Reloads the rows of epochs before {@code nextEpoch}, for a resumed run. */
    void reload(int nextEpoch) throws IOException {
        rows.clear();
        if (!Files.exists(csv)) {
            return;
        }
        for (String line : Files.readAllLines(csv)) {
            if (line.equals(HEADER) || line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            int epoch = Integer.parseInt(fields[0]);
            if (epoch < nextEpoch) {
                rows.add(new Row(epoch, Double.parseDouble(fields[1]),
                        fields[2].isEmpty() ? Double.NaN : Double.parseDouble(fields[2])));
            }
        }
    }

    Row last() {
        return rows.get(rows.size() - 1);
    }

    void add(Row row) throws IOException {
        rows.add(row);
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) {
            sb.append(r.epoch()).append(',').append(String.format(Locale.ROOT, "%.8g", r.metaLoss())).append(',');
            if (!Double.isNaN(r.validationLoss())) {
                sb.append(String.format(Locale.ROOT, "%.8g", r.validationLoss()));
            }
            sb.append('\n');
        }
        AtomicFiles.write(csv, sb.toString().getBytes(StandardCharsets.UTF_8));
        writePlot();
    }

    private void writePlot() throws IOException {
        XYSeries training = new XYSeries("training runs");
        XYSeries validation = new XYSeries("validation runs");
        for (Row r : rows) {
            if (r.metaLoss() > 0 && Double.isFinite(r.metaLoss())) {
                training.add(r.epoch(), r.metaLoss());
            }
            if (r.validationLoss() > 0 && Double.isFinite(r.validationLoss())) {
                validation.add(r.epoch(), r.validationLoss());
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(training);
        data.addSeries(validation);
        LogAxis lossAxis = new LogAxis("mean optimizee loss over the run (log scale)");
        lossAxis.setSmallestValue(1e-8);
        lossAxis.setNumberFormatOverride(new DecimalFormat("0.0##E0"));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, new Color(0x1F77B4));
        renderer.setSeriesPaint(1, new Color(0xD62728));
        renderer.setSeriesShapesVisible(1, true);
        XYPlot plot = new XYPlot(data, new NumberAxis("epoch"), lossAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart("Meta-training", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(bytes, chart, 900, 520);
        AtomicFiles.write(png, bytes.toByteArray());
    }
}
