package org.l2l4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.meta.EpochResult;
import org.l2l4j.meta.MetaTrainingListener;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * log.png is drawn after the first epoch and after each epoch with a validation, not after the epochs between
 * (which follow each other within seconds here), and holds every epoch once meta-training's console closes.
 */
class MetaTrainingProgressTest {

    @TempDir
    Path dir;

    @Test
    void logPlotIsRedrawnAfterValidationsAndAtTheEnd() throws IOException {
        Path png = dir.resolve("log.png");
        List<EpochResult> log = new ArrayList<>();
        try (MetaTrainingProgress progress = new MetaTrainingProgress(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, dir)) {
            progress.started(0, 10);
            epoch(progress, log, new EpochResult(0, 0.9, Double.NaN));
            byte[] first = plotOf(log);
            assertArrayEquals(first, Files.readAllBytes(png), "after the first epoch");
            epoch(progress, log, new EpochResult(1, 0.8, Double.NaN));
            assertArrayEquals(first, Files.readAllBytes(png), "an epoch without validation, seconds later");
            epoch(progress, log, new EpochResult(2, 0.7, 1.5));
            assertArrayEquals(plotOf(log), Files.readAllBytes(png), "after a validation");
            epoch(progress, log, new EpochResult(3, 0.6, Double.NaN));
        }
        assertArrayEquals(plotOf(log), Files.readAllBytes(png), "at the end");
    }

    private static void epoch(MetaTrainingProgress progress, List<EpochResult> log, EpochResult row) {
        progress.truncationCompleted(row.epoch(), 0, 1);
        log.add(row);
        progress.epochCompleted(new MetaTrainingListener.Progress(10, List.copyOf(log), 1.5, Duration.ZERO));
    }

    private byte[] plotOf(List<EpochResult> log) throws IOException {
        Path reference = dir.resolve("reference.png");
        TrainingLogPlot.write(log, reference);
        return Files.readAllBytes(reference);
    }
}
