package org.l2l4j.eval;

import org.l2l4j.data.MnistSplit;
import org.l2l4j.problem.OneDnnLayers;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a cached baseline result depends on besides its case: the compiled classes that draw the data, build
 * and train the optimizees and run the races (so any change to them invalidates the cache), the ND4J build,
 * whether DL4J's layers run on oneDNN, and the data's contents.
 */
final class Fingerprint {

    /** The classes whose behaviour determines a baseline's runs. */
    private static final String[] CLASSES = {
            "org/l2l4j/eval/OptimizerRace", "org/l2l4j/eval/Baseline", "org/l2l4j/eval/LearningRateSearch",
            "org/l2l4j/eval/RaceResult", "org/l2l4j/eval/SuiteCase", "org/l2l4j/eval/Suites",
            "org/l2l4j/problem/MlpProblem", "org/l2l4j/problem/MlpLossEvaluator", "org/l2l4j/problem/ReferenceInit",
            "org/l2l4j/problem/MnistMlp", "org/l2l4j/problem/QuadraticProblem", "org/l2l4j/problem/NetworkProblem",
            "org/l2l4j/problem/NetworkLossEvaluator", "org/l2l4j/problem/NetworkInstance",
            "org/l2l4j/problem/NetworkModel", "org/l2l4j/problem/InputLayout", "org/l2l4j/problem/NetworkTask",
            "org/l2l4j/problem/Tasks", "org/l2l4j/data/MnistSplit"};

    private Fingerprint() {
    }

    static String code() {
        MessageDigest digest = sha256();
        for (String name : CLASSES) {
            try (InputStream in = Fingerprint.class.getClassLoader().getResourceAsStream(name + ".class")) {
                if (in == null) {
                    throw new IllegalStateException("class file " + name + " not found for the cache fingerprint");
                }
                digest.update(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        digest.update(String.valueOf(Nd4j.class.getProtectionDomain().getCodeSource().getLocation()).getBytes());
        // convolutions and LSTMs give other last bits on oneDNN
        digest.update(("oneDNN layers " + OneDnnLayers.active()).getBytes());
        return HexFormat.of().formatHex(digest.digest());
    }

    static String data(MnistSplit... splits) {
        MessageDigest digest = sha256();
        for (MnistSplit split : splits) {
            long hash = 1125899906842597L;
            for (float[] image : split.images()) {
                for (float pixel : image) {
                    hash = 31 * hash + Float.floatToIntBits(pixel);
                }
            }
            for (int label : split.labels()) {
                hash = 31 * hash + label;
            }
            digest.update((Long.toHexString(hash) + ":" + split.size() + ";").getBytes());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
