package org.l2l4j.updater;

import org.bytedeco.javacpp.Pointer;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Whether the optimizer state of one parameter array can exist at all, checked when DL4J asks for its size
 * (once per parameter array, before it allocates the network's updater state), so a network too large for the
 * learned updater is refused with what it needs instead of failing deep inside ND4J.
 *
 * <p>Two limits are hard. DL4J 1.0.0-M2.1 casts each parameter array's state size to an {@code int}, so one
 * array's state holds at most 2³¹-1 floats (26.8 million parameters at the paper's 80 floats each); past it the
 * size would wrap silently. And the state lives off-heap, where JavaCPP allocates at most
 * {@code org.bytedeco.javacpp.maxbytes} (by default the -Xmx heap size) and {@code maxphysicalbytes}, within the
 * machine's physical memory. An array above either is refused. Arrays that fit one by one may still not fit
 * together; DL4J and ND4J report that when the whole state is allocated.
 */
final class StateBudget {

    private static final double GIB = 1L << 30;

    private StateBudget() {
    }

    /** The state floats of {@code parameters} parameters at {@code floatsPerParameter} each, if they can exist. */
    static long floatsFor(long parameters, int floatsPerParameter) {
        return floatsFor(parameters, floatsPerParameter, offHeapLimitBytes());
    }

    static long floatsFor(long parameters, int floatsPerParameter, long limitBytes) {
        if (parameters < 0) {
            throw new IllegalArgumentException("a parameter array cannot have " + parameters + " parameters");
        }
        long floats = parameters > Long.MAX_VALUE / floatsPerParameter / Float.BYTES ? Long.MAX_VALUE
                : parameters * floatsPerParameter;
        String need = "LearnedUpdater needs " + floats + " floats (" + gib((double) floats * Float.BYTES)
                + ") of optimizer state for a parameter array of " + parameters + " parameters (" + floatsPerParameter
                + " floats of LSTM state each)";
        if (floats > Integer.MAX_VALUE) {
            throw new IllegalStateException(need + ", but DL4J sizes each parameter array's updater state with an int,"
                    + " so it holds at most " + Integer.MAX_VALUE + " floats (" + Integer.MAX_VALUE / floatsPerParameter
                    + " parameters). Train a smaller network, or give the largest layers another updater"
                    + " (.updater(...) on the layer)");
        }
        if ((double) floats * Float.BYTES > limitBytes) {
            throw new IllegalStateException(need + ", more than the " + gib(limitBytes) + " this JVM can allocate"
                    + " off-heap (" + describeLimits() + "). Raise the limit with -Xmx or"
                    + " -Dorg.bytedeco.javacpp.maxbytes=... and -Dorg.bytedeco.javacpp.maxphysicalbytes=..., or"
                    + " train a smaller network");
        }
        return floats;
    }

    /** The most off-heap memory an allocation could ever get in this JVM, whatever else is allocated. */
    static long offHeapLimitBytes() {
        long limit = Long.MAX_VALUE;
        if (Pointer.maxBytes() > 0) {
            limit = Math.min(limit, Pointer.maxBytes());
        }
        if (Pointer.maxPhysicalBytes() > 0) {
            limit = Math.min(limit, Pointer.maxPhysicalBytes());
        }
        long physical = physicalMemoryBytes();
        if (physical > 0) {
            limit = Math.min(limit, physical);
        }
        return limit;
    }

    private static long physicalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }

    private static String describeLimits() {
        return "JavaCPP maxbytes " + gib(Pointer.maxBytes()) + ", maxphysicalbytes " + gib(Pointer.maxPhysicalBytes())
                + ", physical memory " + gib(physicalMemoryBytes());
    }

    private static String gib(double bytes) {
        return bytes <= 0 ? "unlimited" : String.format(Locale.ROOT, "%.2f GiB", bytes / GIB);
    }
}
