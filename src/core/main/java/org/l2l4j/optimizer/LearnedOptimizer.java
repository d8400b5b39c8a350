package org.l2l4j.optimizer;

import org.l2l4j.io.AtomicFiles;
import org.l2l4j.io.ChecksummedFile;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The learned weights φ of the coordinatewise LSTM optimizer together with the {@link OptimizerShape} they
 * belong to. Immutable: {@link #parameters()} returns a copy.
 *
 * <p>File format ({@code optimizer.l2l}): a {@link ChecksummedFile} with the magic {@code L2L4JPHI} whose body
 * is, big-endian, the hidden size, the preprocessing kind's name (modified UTF-8, as
 * {@link java.io.DataOutputStream#writeUTF}), p, the output scale, from version 2 a byte saying whether a
 * {@link NominalDirection} follows and if so its c and α (from version 3 its warm-up K, in version 4 also the
 * learned share's warm-up K_α), then the parameter count and the parameters as floats in {@link PhiTensor} order.
 * Each shape is written in the oldest version that can describe it: the paper's kind of optimizer
 * ({@link OptimizerShape#isPaperKind()}) as version 1, which has no nominal byte, a shape without a warm-up as
 * version 2 and one with only the factor's warm-up as version 3, so their files are byte for byte what earlier
 * releases wrote.
 */
public final class LearnedOptimizer {

    /** The newest format version: what a shape with a warm-up of the learned share is written in. */
    public static final int FORMAT_VERSION = 4;
    /** The format of a shape with a warm-up of the factor's range only. */
    static final int WARMUP_FORMAT_VERSION = 3;
    /** The format of a shape with a nominal direction or moments but no warm-up. */
    static final int NOMINAL_FORMAT_VERSION = 2;
    /** The format of the paper's kind of optimizer, before the general optimizer. */
    static final int PAPER_FORMAT_VERSION = 1;
    private static final ChecksummedFile FILE = new ChecksummedFile("L2L4JPHI");

    private final OptimizerShape shape;
    private final float[] parameters;

    public LearnedOptimizer(OptimizerShape shape, float[] parameters) {
        if (parameters.length != shape.parameterCount()) {
            throw new IllegalArgumentException("φ for " + describe(shape) + " has " + shape.parameterCount()
                    + " parameters, got " + parameters.length);
        }
        for (int i = 0; i < parameters.length; i++) {
            if (!Float.isFinite(parameters[i])) {
                throw new IllegalArgumentException("φ parameter " + i + " is " + parameters[i] + "; weights must be finite");
            }
        }
        this.shape = shape;
        this.parameters = parameters.clone();
    }

    /**
     * A freshly initialised φ (docs/method.md §1.8): weights from a normal distribution truncated at two
     * standard deviations, stddev 1/sqrt(fan_in + hidden) for the LSTM layers and 1/sqrt(hidden) for the
     * output layer; all biases zero.
     */
    public static LearnedOptimizer randomInit(OptimizerShape shape, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] params = new float[shape.parameterCount()];
        for (PhiTensor tensor : PhiTensor.values()) {
            if (tensor.isBias()) {
                continue;
            }
            double stddev = tensor.initStddev(shape);
            int offset = tensor.offset(shape);
            for (int i = 0; i < tensor.size(shape); i++) {
                params[offset + i] = (float) (stddev * truncatedGaussian(random));
            }
        }
        return new LearnedOptimizer(shape, params);
    }

    /**
     * {@link #randomInit} with the output layer at zero, for a shape with a nominal direction: the untrained
     * optimizer's step is then exactly the nominal one (Adam's direction at η), and meta-training starts from a
     * working optimizer instead of one whose random outputs add noise of the step's own size. The LSTM's weights
     * still get a meta-gradient once the first update has moved the output layer off zero.
     */
    public static LearnedOptimizer nominalInit(OptimizerShape shape, long seed) {
        if (shape.nominal() == null) {
            throw new IllegalArgumentException(shape + " has no nominal direction to start from; use randomInit");
        }
        float[] params = randomInit(shape, seed).parameters;
        int offset = PhiTensor.OUTPUT_WEIGHTS.offset(shape);
        Arrays.fill(params, offset, offset + PhiTensor.OUTPUT_WEIGHTS.size(shape), 0f);
        return new LearnedOptimizer(shape, params);
    }

    private static double truncatedGaussian(SplittableRandom random) {
        double z;
        do {
            z = random.nextGaussian();
        } while (Math.abs(z) > 2.0);
        return z;
    }

    public OptimizerShape shape() {
        return shape;
    }

    public float[] parameters() {
        return parameters.clone();
    }

    /** A copy of one tensor, row-major. */
    public float[] tensor(PhiTensor tensor) {
        int offset = tensor.offset(shape);
        return Arrays.copyOfRange(parameters, offset, offset + tensor.size(shape));
    }

    public LearnedOptimizer withParameters(float[] newParameters) {
        return new LearnedOptimizer(shape, newParameters);
    }

    /**
     * The oldest version that describes {@code shape}, so that a file is byte for byte what the release that
     * introduced its features wrote.
     */
    private static int formatVersion(OptimizerShape shape) {
        if (shape.isPaperKind()) {
            return PAPER_FORMAT_VERSION;
        }
        NominalDirection nominal = shape.nominal();
        return nominal != null && nominal.shareWarmupSteps() > 0 ? FORMAT_VERSION
                : nominal != null && nominal.warmupSteps() > 0 ? WARMUP_FORMAT_VERSION : NOMINAL_FORMAT_VERSION;
    }

    public byte[] toBytes() {
        boolean paperKind = shape.isPaperKind();
        int version = formatVersion(shape);
        return FILE.encode(version, out -> {
            out.writeInt(shape.hiddenSize());
            out.writeUTF(shape.preprocessing().kind().name());
            out.writeFloat(shape.preprocessing().p());
            out.writeFloat(shape.outputScale());
            if (!paperKind) {
                NominalDirection nominal = shape.nominal();
                out.writeBoolean(nominal != null);
                if (nominal != null) {
                    out.writeFloat(nominal.scaleRange());
                    out.writeFloat(nominal.learnedShare());
                    if (version >= WARMUP_FORMAT_VERSION) {
                        out.writeInt(nominal.warmupSteps());
                    }
                    if (version >= FORMAT_VERSION) {
                        out.writeInt(nominal.shareWarmupSteps());
                    }
                }
            }
            out.writeInt(parameters.length);
            for (float v : parameters) {
                out.writeFloat(v);
            }
        });
    }

    /**
     * Decodes φ from the bytes of an {@code optimizer.l2l} file.
     *
     * @param source names the origin in error messages, e.g. the file path
     */
    public static LearnedOptimizer fromBytes(byte[] bytes, String source) {
        ChecksummedFile.Frame frame = FILE.open(bytes);
        try {
            if (!frame.hasMagic()) {
                throw new OptimizerFileException(source + " is not an l2l4j optimizer file (it does not start with '"
                        + FILE.magic() + "'); pass a file written by LearnedOptimizer.save or './l2l4j meta-train'");
            }
            int version = frame.version();
            if (version < PAPER_FORMAT_VERSION || version > FORMAT_VERSION) {
                throw new OptimizerFileException(source + " has optimizer file format version " + version
                        + ", but this l2l4j reads versions " + PAPER_FORMAT_VERSION + " to " + FORMAT_VERSION
                        + "; use the l2l4j release that wrote it or re-run meta-training");
            }
            ByteBuffer in = frame.body();
            int hidden = in.getInt();
            String kindName = readUtf(in, source);
            float p = in.getFloat();
            float scale = in.getFloat();
            OptimizerShape shape;
            try {
                NominalDirection nominal = null;
                if (version >= NOMINAL_FORMAT_VERSION && readFlag(in, source)) {
                    float scaleRange = in.getFloat();
                    float learnedShare = in.getFloat();
                    int warmup = version >= WARMUP_FORMAT_VERSION ? in.getInt() : 0;
                    nominal = new NominalDirection(scaleRange, learnedShare, warmup,
                            version >= FORMAT_VERSION ? in.getInt() : 0);
                }
                shape = new OptimizerShape(hidden, new GradientPreprocessing(parseKind(kindName, source), p), scale,
                        nominal);
                if (version != formatVersion(shape)) {
                    String kind = shape.isPaperKind() ? "a paper-kind optimizer" : "an optimizer with warm-ups of "
                            + (nominal == null ? 0 : nominal.warmupSteps()) + " and "
                            + (nominal == null ? 0 : nominal.shareWarmupSteps()) + " steps";
                    throw new IllegalArgumentException(kind + " is written as version " + formatVersion(shape)
                            + ", not " + version);
                }
            } catch (IllegalArgumentException e) {
                throw new OptimizerFileException(source + " describes an invalid optimizer: " + e.getMessage()
                        + "; the file is damaged, re-create it", e);
            }
            int count = in.getInt();
            if (count != shape.parameterCount()) {
                throw new OptimizerFileException(source + " has the wrong shape: an optimizer with " + describe(shape)
                        + " has " + shape.parameterCount() + " weights, the file holds " + count
                        + "; the file is damaged or was not written by l2l4j");
            }
            if (in.remaining() != 4L * count) {
                throw new OptimizerFileException(source + " is truncated or has trailing bytes: expected "
                        + (ChecksummedFile.HEADER_BYTES + in.position() + 4L * count + ChecksummedFile.TRAILER_BYTES)
                        + " bytes, found " + bytes.length + "; re-copy or re-create the file");
            }
            float[] params = new float[count];
            in.asFloatBuffer().get(params);
            if (!frame.checksumMatches()) {
                throw new OptimizerFileException(source + " is corrupt: its checksum does not match its contents;"
                        + " re-copy or re-create the file");
            }
            try {
                return new LearnedOptimizer(shape, params);
            } catch (IllegalArgumentException e) {
                throw new OptimizerFileException(source + " holds unusable weights: " + e.getMessage(), e);
            }
        } catch (BufferUnderflowException e) {
            throw new OptimizerFileException(source + " is truncated (" + bytes.length
                    + " bytes end inside the header); re-copy or re-create the file", e);
        }
    }

    private static boolean readFlag(ByteBuffer in, String source) {
        byte flag = in.get();
        if (flag != 0 && flag != 1) {
            throw new OptimizerFileException(source + " is corrupt: its nominal-direction flag is " + flag
                    + ", not 0 or 1; re-copy or re-create the file");
        }
        return flag == 1;
    }

    private static String readUtf(ByteBuffer in, String source) {
        int length = Short.toUnsignedInt(in.getShort());
        if (length > 64) {
            throw new OptimizerFileException(source + " is corrupt: its preprocessing name is " + length
                    + " bytes long; re-copy or re-create the file");
        }
        byte[] utf = new byte[length];
        in.get(utf);
        return new String(utf, StandardCharsets.UTF_8);
    }

    private static GradientPreprocessing.Kind parseKind(String name, String source) {
        for (GradientPreprocessing.Kind kind : GradientPreprocessing.Kind.values()) {
            if (kind.name().equals(name)) {
                return kind;
            }
        }
        throw new OptimizerFileException(source + " names an unknown preprocessing '" + name
                + "'; the file is damaged or from a newer l2l4j");
    }

    public void save(Path file) throws IOException {
        AtomicFiles.write(file, toBytes());
    }

    public static LearnedOptimizer load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new OptimizerFileException("optimizer file " + file + " does not exist; pass the path of an"
                    + " optimizer.l2l written by './l2l4j meta-train'", e);
        } catch (IOException e) {
            throw new OptimizerFileException("cannot read optimizer file " + file + ": " + e.getMessage(), e);
        }
        return fromBytes(bytes, "optimizer file " + file);
    }

    private static String describe(OptimizerShape shape) {
        return "hidden size " + shape.hiddenSize() + " and " + shape.inputSize() + " input feature(s)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LearnedOptimizer other && shape.equals(other.shape) && Arrays.equals(parameters, other.parameters);
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + Arrays.hashCode(parameters);
    }

    @Override
    public String toString() {
        return "LearnedOptimizer[" + shape + ", " + parameters.length + " weights]";
    }
}
