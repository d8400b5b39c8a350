package org.l2l4j.problem;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Whether DL4J's convolution, pooling and LSTM layers run on oneDNN. Without it DL4J 1.0.0-M2.1 computes a
 * convolution as im2col into a permuted buffer, and libnd4j's im2col takes its slow strided path there: measured
 * here, one training step of {@code cnn-small} (3,106 parameters, batch 128) took 190 ms and one of {@code lenet}
 * (batch 64) 160 ms; with oneDNN 28 ms and 34 ms, and a pass over MNIST's 10,000 test images 15 and 7 times
 * faster. Dense layers give the same bits either way; convolutions and LSTMs differ in the last bits.
 * <p>
 * DL4J uses its oneDNN helpers only when all three hold:
 * <ul>
 *   <li>ND4J's natives are the oneDNN build (classifier {@code linux-x86_64-onednn}, which l2l4j-train depends on,
 *       loaded when the JVM starts with {@code -Djavacpp.platform.extension=-onednn});</li>
 *   <li>{@code -Dorg.eclipse.deeplearning4j.helpers.disable=false}: M2.1 disables every helper by default;</li>
 *   <li>DL4J finds oneDNN switched on: it asks for the class {@code org.nd4j.nativeblas.Nd4jCpu$Environment} by a name
 *       ND4J no longer uses, which {@link org.nd4j.nativeblas.Nd4jCpu} of this module answers to.</li>
 * </ul>
 * The {@code ./l2l4j} launcher, the tests and the benchmarks start their JVMs with both properties.
 */
public final class OneDnnLayers {

    /** DL4J's switch for all its layer helpers; "true" (M2.1's default) turns them off. */
    public static final String HELPERS_DISABLED_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    /** The JVM options that turn the helpers on. */
    public static final String JVM_OPTIONS = "-Djavacpp.platform.extension=-onednn -D" + HELPERS_DISABLED_PROPERTY + "=false";

    private OneDnnLayers() {
    }

    /** Whether layers built from now on get oneDNN helpers. */
    public static boolean active() {
        return nativesHaveOneDnn() && !Boolean.parseBoolean(System.getProperty(HELPERS_DISABLED_PROPERTY, "true"));
    }

    /** Whether the loaded ND4J natives were built with oneDNN (asked once: DL4J asks at every layer it builds). */
    public static boolean nativesHaveOneDnn() {
        return Natives.HAVE_ONEDNN;
    }

    private static final class Natives {
        static final boolean HAVE_ONEDNN = haveOneDnn();

        private static boolean haveOneDnn() {
            Nd4j.getBackend(); // loads the natives
            return NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN");
        }
    }

    /** One line for a user who runs networks on the slow path, saying how to leave it. */
    public static String describe() {
        return active() ? "DL4J's convolution, pooling and LSTM layers run on oneDNN"
                : "DL4J's convolution, pooling and LSTM layers run on its built-in path, several times slower than"
                + " oneDNN; start the JVM with " + JVM_OPTIONS + " (the ./l2l4j launcher does)";
    }
}
