package org.l2l4j.optimizer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which implementation of the step's hot loops this JVM runs. The vectorised loops ({@link VectorLoops}) need the
 * incubator module {@code jdk.incubator.vector}, which Java 17 loads only when asked
 * ({@code --add-modules jdk.incubator.vector}); without it the scalar loops give the same results within float
 * rounding, more slowly, and one log line says how to enable the fast ones.
 */
public final class Kernels {

    /** Whether {@code jdk.incubator.vector} is in this JVM. */
    public static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);

    static {
        if (!VECTOR_API) {
            LOG.info("l2l4j runs its scalar optimizer kernel; start the JVM with --add-modules jdk.incubator.vector"
                    + " for the vectorised one (several times faster)");
        }
    }

    private Kernels() {
    }
}
