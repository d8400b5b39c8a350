package org.l2l4j.cli;

import org.l2l4j.memory.ByteSize;
import org.l2l4j.memory.InsufficientMemoryException;
import org.l2l4j.memory.MemoryEstimate;
import org.l2l4j.memory.MemoryLimits;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses a run that cannot fit in this JVM before any work (before the data is even read), and words the library's
 * {@link InsufficientMemoryException} for the command line: the estimate, the limit, and the fix in terms of
 * {@code L2L4J_JAVA_OPTS} and the command's options.
 */
final class MemoryCheck {

    /** Room left over the estimate when suggesting a heap size: the estimate leaves out the JVM's own needs. */
    private static final double SUGGESTED_MARGIN = 1.25;

    private MemoryCheck() {
    }

    static void require(MemoryEstimate estimate) {
        estimate.requireFits(MemoryLimits.ofThisJvm());
    }

    /** The one-paragraph report of a refused run: what it needs, what the limit is, and what to change. */
    static String explain(InsufficientMemoryException e) {
        MemoryEstimate estimate = e.estimate();
        MemoryLimits.Shortfall shortfall = e.shortfall();
        StringBuilder sb = new StringBuilder("not enough memory: ").append(e.getMessage()).append(".\nFix: ");
        String smaller = String.join(", or ", remedies(estimate));
        if (e.limits().machineCouldHold(estimate)) {
            long needed = Math.max(estimate.bytes(MemoryEstimate.Kind.HEAP),
                    estimate.bytes(MemoryEstimate.Kind.OFF_HEAP));
            long gigabytes = (long) Math.ceil(needed * SUGGESTED_MARGIN / (1L << 30));
            sb.append(String.format(Locale.ROOT, "give the JVM more memory, e.g. L2L4J_JAVA_OPTS=-Xmx%dg ./l2l4j ...,"
                    + " or make the run smaller: %s.", Math.max(1, gigabytes), smaller));
        } else {
            sb.append("make the run smaller: ").append(smaller).append(". It needs ")
                    .append(ByteSize.format(estimate.totalBytes())).append(", more than this machine's ")
                    .append(ByteSize.format(e.limits().machineBytes()))
                    .append(" of memory, so no -Xmx in L2L4J_JAVA_OPTS can make it fit.");
        }
        if (shortfall.limit() == MemoryLimits.Limit.OFF_HEAP) {
            sb.append(" ND4J's off-heap limit follows -Xmx unless -Dorg.bytedeco.javacpp.maxBytes sets it.");
        }
        return sb.toString();
    }

    /** What to change, for the largest parts first: each part names the settings that shrink it. */
    private static Set<String> remedies(MemoryEstimate estimate) {
        Set<String> remedies = new LinkedHashSet<>();
        estimate.significantParts().forEach(part -> part.levers().forEach(lever -> remedies.add(switch (lever) {
                    case OPTIMIZEE_SIZE -> "a smaller network (--hidden)";
                    case UNROLL -> "a shorter unroll (--unroll)";
                    case RUNS_PER_EPOCH -> "fewer runs per meta-update (--runs)";
                    case STEPS_AND_SEEDS -> "fewer --steps or --seeds";
                })));
        return remedies;
    }
}
