package io.pretext.training;

import java.lang.management.ManagementFactory;

/** CPU time of this JVM process. Stateless, thread-safe. */
final class ProcessCpu {

    private ProcessCpu() {
    }

    /** User plus system CPU time of the whole process (all threads, native ones too) in seconds; negative if the JVM cannot tell. */
    static double seconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            return nanos < 0 ? -1 : nanos / 1e9;
        }
        return -1;
    }
}
