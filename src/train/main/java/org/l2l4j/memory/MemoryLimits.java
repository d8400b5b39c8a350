package org.l2l4j.memory;

import org.bytedeco.javacpp.Pointer;

import java.lang.management.ManagementFactory;

/**
 * The memory this JVM may use: its heap limit ({@code -Xmx}, {@link Runtime#maxMemory()}), the off-heap limit that
 * JavaCPP enforces for ND4J ({@link Pointer#maxBytes()}, {@code -Dorg.bytedeco.javacpp.maxBytes}, by default the
 * heap limit), the limit on the whole process ({@link Pointer#maxPhysicalBytes()},
 * {@code -Dorg.bytedeco.javacpp.maxPhysicalBytes}) and the machine's physical memory. A limit of
 * {@link Long#MAX_VALUE} means none.
 */
public record MemoryLimits(long heapBytes, long offHeapBytes, long processBytes, long machineBytes) {

    /** The limits a run can exceed. */
    public enum Limit {
        HEAP("the Java heap limit (-Xmx)"),
        OFF_HEAP("ND4J's off-heap limit (-Dorg.bytedeco.javacpp.maxBytes, by default the heap limit)"),
        PROCESS("the process memory limit (-Dorg.bytedeco.javacpp.maxPhysicalBytes)"),
        MACHINE("this machine's physical memory");

        private final String description;

        Limit(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** Which limit a run exceeds, how much it needs and what the limit is. */
    public record Shortfall(Limit limit, long neededBytes, long limitBytes) {
    }

    public static MemoryLimits ofThisJvm() {
        return new MemoryLimits(orUnlimited(Runtime.getRuntime().maxMemory()), orUnlimited(Pointer.maxBytes()),
                orUnlimited(Pointer.maxPhysicalBytes()), orUnlimited(machineMemory()));
    }

    /** The first limit the estimate exceeds, or null when it fits. */
    Shortfall shortfall(MemoryEstimate estimate) {
        long heap = estimate.bytes(MemoryEstimate.Kind.HEAP);
        if (heap > heapBytes) {
            return new Shortfall(Limit.HEAP, heap, heapBytes);
        }
        long offHeap = estimate.bytes(MemoryEstimate.Kind.OFF_HEAP);
        if (offHeap > offHeapBytes) {
            return new Shortfall(Limit.OFF_HEAP, offHeap, offHeapBytes);
        }
        long total = estimate.totalBytes();
        if (total > processBytes) {
            return new Shortfall(Limit.PROCESS, total, processBytes);
        }
        if (total > machineBytes) {
            return new Shortfall(Limit.MACHINE, total, machineBytes);
        }
        return null;
    }

    /** Whether raising the JVM's limits could make a run of this size fit: not if it exceeds the machine. */
    public boolean machineCouldHold(MemoryEstimate estimate) {
        return estimate.totalBytes() <= machineBytes;
    }

    private static long machineMemory() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : Long.MAX_VALUE;
    }

    private static long orUnlimited(long limit) {
        return limit <= 0 ? Long.MAX_VALUE : limit;
    }
}
