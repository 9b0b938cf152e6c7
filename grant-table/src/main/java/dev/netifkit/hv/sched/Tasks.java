package dev.netifkit.hv.sched;

/**
 * Task helpers. A task's label in a {@link DeterministicScheduler#trace()} is its {@code toString()}; lambdas
 * print as their declaring class, so name the tasks whose identity matters in a trace.
 */
public final class Tasks {
    private Tasks() {
    }

    /** {@code task} with {@code name} as its label. */
    public static Runnable named(String name, Runnable task) {
        if (name == null || task == null) {
            throw new IllegalArgumentException("name and task must not be null (name " + name + ")");
        }
        return new Runnable() {
            @Override
            public void run() {
                task.run();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** A stable label for {@code task}: its toString, with the JVM-specific part of lambda names removed. */
    static String label(Runnable task) {
        String s = String.valueOf(task);
        int lambda = s.indexOf("$$Lambda");
        return lambda < 0 ? s : s.substring(0, lambda) + "$$Lambda";
    }
}
