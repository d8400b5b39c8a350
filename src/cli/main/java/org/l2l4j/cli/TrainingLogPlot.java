package org.l2l4j.cli;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.l2l4j.io.AtomicFiles;
import org.l2l4j.meta.EpochResult;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;

/** log.png: meta-training's training and validation loss by epoch, on a log scale. */
final class TrainingLogPlot {

    private TrainingLogPlot() {
    }

    static void write(List<EpochResult> rows, Path png) throws IOException {
        XYSeries training = new XYSeries("training runs");
        XYSeries validation = new XYSeries("validation runs");
        for (EpochResult r : rows) {
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
