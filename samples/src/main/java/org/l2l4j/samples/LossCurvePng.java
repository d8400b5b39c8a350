package org.l2l4j.samples;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import org.l2l4j.io.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Training loss against step for a few optimizers, drawn with JFreeChart into a PNG. */
final class LossCurvePng {

    private LossCurvePng() {
    }

    /** One line per entry: the loss at every step, on a log scale. */
    static void write(Map<String, double[]> lossByOptimizer, String title, Path png) throws IOException {
        XYSeriesCollection curves = new XYSeriesCollection();
        lossByOptimizer.forEach((optimizer, loss) -> {
            XYSeries series = new XYSeries(optimizer);
            for (int step = 0; step < loss.length; step++) {
                series.add(step, loss[step]);
            }
            curves.addSeries(series);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(title, "step", "minibatch loss", curves,
                PlotOrientation.VERTICAL, true, false, false);
        LogAxis lossAxis = new LogAxis("minibatch loss (log scale)");
        lossAxis.setSmallestValue(1e-6);
        chart.getXYPlot().setRangeAxis(lossAxis);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(bytes, chart, 900, 560);
        AtomicFiles.write(png, bytes.toByteArray());
    }
}
