package org.l2l4j.cli;

import org.l2l4j.eval.RaceResult;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.l2l4j.io.AtomicFiles;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.text.DecimalFormat;
import java.nio.file.Path;
import java.util.List;

/** Loss against step on a log scale: the mean over seeds as a line, ± one standard deviation as a band. */
public final class LossCurvePlot {

    private static final Color[] COLORS = {
            new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C), new Color(0xFF7F0E), new Color(0x9467BD),
            new Color(0x8C564B)};

    private LossCurvePlot() {
    }

    public static void write(List<RaceResult> results, String title, Path png) throws IOException {
        YIntervalSeriesCollection curves = new YIntervalSeriesCollection();
        for (RaceResult result : results) {
            YIntervalSeries series = new YIntervalSeries(result.optimizer());
            for (int t = 0; t < result.steps(); t++) {
                double mean = result.meanLossAt(t);
                double std = result.stdLossAt(t);
                // a log axis cannot show a band that reaches zero or below
                series.add(t, mean, Math.max(mean - std, mean * 0.05), mean + std);
            }
            curves.addSeries(series);
        }
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        for (int i = 0; i < results.size(); i++) {
            Color color = COLORS[i % COLORS.length];
            renderer.setSeriesPaint(i, color);
            renderer.setSeriesFillPaint(i, color);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        renderer.setAlpha(0.2f);
        LogAxis lossAxis = new LogAxis("minibatch loss (log scale)");
        lossAxis.setSmallestValue(1e-6);
        lossAxis.setNumberFormatOverride(new DecimalFormat("0.0##"));
        XYPlot plot = new XYPlot(curves, new NumberAxis("step"), lossAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(bytes, chart, 900, 560);
        AtomicFiles.write(png, bytes.toByteArray());
    }
}
