package org.l2l4j.meta;

import org.l2l4j.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * log.csv (epoch, mean optimizee loss over the epoch's training runs, validation loss or empty), rewritten
 * atomically after every epoch.
 */
final class TrainingLog {

    private static final String HEADER = "epoch,meta_loss,validation_loss";

    private final Path csv;
    private final List<EpochResult> rows = new ArrayList<>();

    TrainingLog(Path directory) {
        csv = directory.resolve("log.csv");
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
                rows.add(new EpochResult(epoch, Double.parseDouble(fields[1]),
                        fields[2].isEmpty() ? Double.NaN : Double.parseDouble(fields[2])));
            }
        }
    }

    List<EpochResult> rows() {
        return List.copyOf(rows);
    }

    void add(EpochResult row) throws IOException {
        rows.add(row);
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (EpochResult r : rows) {
            sb.append(r.epoch()).append(',').append(String.format(Locale.ROOT, "%.8g", r.metaLoss())).append(',');
            if (!Double.isNaN(r.validationLoss())) {
                sb.append(String.format(Locale.ROOT, "%.8g", r.validationLoss()));
            }
            sb.append('\n');
        }
        AtomicFiles.write(csv, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
