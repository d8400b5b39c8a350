package org.l2l4j.updater;

import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerFileException;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * The optimizers shipped inside l2l4j, each with a name and a version. A configuration refers to one as
 * {@code pretrained:<name>@<version>} instead of carrying its weights. The SHA-256 recorded here pins what a name
 * and version mean, so a saved model behaves the same with every l2l4j that can load it: an optimizer trained
 * anew ships under a new version (keeping the old resource) or a new name, never over an existing one.
 */
enum PretrainedOptimizer {

    /** Meta-trained on the paper's MNIST setting; its provenance is beside the resource. */
    PAPER_MNIST("paper-mnist", 1, LearnedUpdater.PRETRAINED_RESOURCE,
            "97d40900ad7a014df44852ea3707666e9e6afee0181985a9ca85d45224f29152"),

    /** The general optimizer's first version (7×7 and 14×14 training tasks), kept for configurations that name it. */
    GENERAL("general", 1, LearnedUpdater.GENERAL_RESOURCE,
            "7e7a9b1eb8da7511bdec800646dcc19e716bdbec422a0826e3b59e474da5b4cf"),

    /** The general optimizer's second version (28×28 training tasks), kept for configurations that name it. */
    GENERAL_2("general", 2, LearnedUpdater.GENERAL_2_RESOURCE,
            "020a9fe7f3f63af65722eed4ff82d0a8272ca05c9018c404f488b0adb322de0f"),

    /** The general optimizer with warm-ups of its factor and learned share; its provenance is beside the resource. */
    GENERAL_3("general", 3, LearnedUpdater.GENERAL_3_RESOURCE,
            "1c117ab6c8cf5ce804e5d0549c1fd814a0684d6d0c01e729810ecb72da3cea4e");

    /** How a configuration's {@code optimizer} field marks a reference; Base64 never contains the colon. */
    static final String REFERENCE_PREFIX = "pretrained:";

    private final String optimizerName;
    private final int version;
    private final String resource;
    private final String sha256;
    /** Read on first use; φ is immutable, so every updater shares it. */
    private LearnedOptimizer optimizer;

    PretrainedOptimizer(String optimizerName, int version, String resource, String sha256) {
        this.optimizerName = optimizerName;
        this.version = version;
        this.resource = resource;
        this.sha256 = sha256;
    }

    String optimizerName() {
        return optimizerName;
    }

    String resource() {
        return resource;
    }

    /** What a configuration stores for this optimizer, e.g. {@code pretrained:paper-mnist@1}. */
    String reference() {
        return REFERENCE_PREFIX + optimizerName + "@" + version;
    }

    static boolean isReference(String encoded) {
        return encoded.startsWith(REFERENCE_PREFIX);
    }

    /** The newest version shipped under {@code name}. */
    static PretrainedOptimizer named(String name) {
        PretrainedOptimizer newest = null;
        for (PretrainedOptimizer candidate : values()) {
            if (candidate.optimizerName.equals(name) && (newest == null || candidate.version > newest.version)) {
                newest = candidate;
            }
        }
        if (newest == null) {
            throw new IllegalArgumentException("l2l4j ships no pretrained optimizer named '" + name + "'; the known"
                    + " names are " + Arrays.stream(values()).map(p -> p.optimizerName).distinct()
                    .collect(Collectors.joining(", ")));
        }
        return newest;
    }

    /** The optimizer a configuration's {@link #reference()} names. */
    static PretrainedOptimizer byReference(String reference) {
        for (PretrainedOptimizer candidate : values()) {
            if (candidate.reference().equals(reference)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("the LearnedUpdater configuration names the pretrained optimizer '"
                + reference.substring(REFERENCE_PREFIX.length()) + "', which this l2l4j does not ship; it ships "
                + Arrays.stream(values()).map(p -> p.optimizerName + "@" + p.version).collect(Collectors.joining(", "))
                + ". Load the model with the l2l4j release that saved it");
    }

    synchronized LearnedOptimizer optimizer() {
        if (optimizer == null) {
            optimizer = LearnedOptimizer.fromBytes(verifiedBytes(), "the pretrained optimizer " + reference() + " ("
                    + resource + ")");
        }
        return optimizer;
    }

    private byte[] verifiedBytes() {
        byte[] bytes;
        try (InputStream in = PretrainedOptimizer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new OptimizerFileException("this l2l4j build lacks the pretrained optimizer " + reference() + " ("
                        + resource + " is missing from the classpath); use LearnedUpdater.load(path) with an"
                        + " optimizer.l2l from './l2l4j meta-train'");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new OptimizerFileException("cannot read the pretrained optimizer " + resource + ": " + e.getMessage(), e);
        }
        String actual;
        try {
            actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
        if (!actual.equals(sha256)) {
            throw new OptimizerFileException("the pretrained optimizer " + resource + " has SHA-256 " + actual
                    + ", but " + reference() + " is " + sha256 + "; a changed optimizer must ship under a new version"
                    + " so that saved configurations keep their meaning");
        }
        return bytes;
    }
}
