package org.l2l4j.eval;

import org.l2l4j.io.AtomicFiles;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Tuned baselines on disk. A baseline's tuning and runs do not depend on the learned optimizer under test, so a
 * suite run for a new φ reuses them. An entry is keyed by everything that determines it (the case's
 * definition, steps, seeds, grid and search, the fingerprint of the code and data that produce it); its file
 * is named by the key's SHA-256 and stores the key itself, so a stale or foreign file is never mistaken for a
 * hit. Files are written atomically; the doubles are stored exactly.
 */
public final class BaselineCache {

    private static final int FORMAT = 1;

    private final Path directory;

    public BaselineCache(Path directory) {
        this.directory = directory;
    }

    /** {@code ~/.l2l4j/cache/baselines}. */
    public static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".l2l4j", "cache", "baselines");
    }

    public Path directory() {
        return directory;
    }

    public Optional<TunedBaseline> get(String key) {
        Path file = file(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            if (in.readInt() != FORMAT || !readString(in).equals(key)) {
                return Optional.empty();
            }
            Baseline baseline = Baseline.valueOf(in.readUTF());
            double rate = in.readDouble();
            double[][] losses = new double[in.readInt()][];
            for (int s = 0; s < losses.length; s++) {
                losses[s] = readDoubles(in);
            }
            RaceResult result = new RaceResult(baseline.label(), rate, losses, readDoubles(in), readDoubles(in));
            return Optional.of(new TunedBaseline(baseline, rate, result));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // a truncated or foreign file is a miss; the entry is recomputed and rewritten
        }
    }

    public void put(String key, TunedBaseline entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            writeString(out, key);
            out.writeUTF(entry.baseline().name());
            out.writeDouble(entry.learningRate());
            double[][] losses = entry.result().lossPerSeedAndStep();
            out.writeInt(losses.length);
            for (double[] seed : losses) {
                writeDoubles(out, seed);
            }
            writeDoubles(out, entry.result().finalLoss());
            writeDoubles(out, entry.result().finalAccuracy());
        } catch (IOException e) {
            throw new AssertionError(e); // in memory
        }
        try {
            Files.createDirectories(directory);
            AtomicFiles.write(file(key), bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the baseline cache in " + directory + ": " + e.getMessage(), e);
        }
    }

    private Path file(String key) {
        return directory.resolve(sha256(key) + ".baseline");
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("bad length " + length);
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    private static double[] readDoubles(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || 8L * length > in.available()) {
            throw new IOException("bad length " + length);
        }
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }
}
