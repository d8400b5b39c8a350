package org.nd4j.nativeblas;

import org.l2l4j.problem.OneDnnLayers;

/**
 * Not ND4J's class. DL4J 1.0.0-M2.1 decides whether to use its oneDNN layer helpers by calling
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()} by reflection
 * ({@code BaseMKLDNNHelper.mklDnnEnabled}), but ND4J M2.1 moved that class to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings} and renamed the method {@code isUseONEDNN}, so the helpers never
 * switch on. This class answers under the old name with the loaded natives' real setting (see {@link OneDnnLayers}).
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return OneDnnLayers.nativesHaveOneDnn()
                    && org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
