package io.pretext.job;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code pretext.worker.*}: how a worker process runs jobs. Immutable.
 *
 * @param devices one slot per entry: {@code cpu}, or a GPU index ({@code 0}, {@code 1}, ...) that
 *     becomes the child's {@code CUDA_VISIBLE_DEVICES}; or just {@code auto} (the default): every GPU
 *     the CUDA runtime reports, else one CPU slot
 * @param childHeap the child JVM's heap, default {@code 2g}: both {@code -Xms} and {@code -Xmx}, so the
 *     heap does not grow during training (a growing heap was most of a child's resident-memory
 *     growth over 20 epochs)
 * @param childPreTouch whether the child touches its whole heap at start
 *     ({@code -XX:+AlwaysPreTouch}), default false: its resident memory is then flat from the first
 *     epochs (bench/child-memory.sh: -1.5% from epoch 5 to 20, against +27% without) but the whole
 *     heap from the start, and a node that cannot give it fails the child at once, not mid-training
 * @param childMallocArenas the child's {@code MALLOC_ARENA_MAX}, default 2: glibc otherwise gives
 *     each of PyTorch's and the JVM's threads arenas of their own (up to 8 per core) that keep
 *     freed memory; 0 leaves glibc's default
 * @param childAllocator the malloc library preloaded into the child ({@code LD_PRELOAD}): {@code auto}
 *     (the default) takes jemalloc where it is installed ({@link ChildAllocator#JEMALLOC}), else the
 *     system's; {@code system} never preloads; anything else is a library's path, checked at startup.
 *     A jemalloc child gets {@code MALLOC_CONF} with freed pages kept (see {@link ChildLauncher}).
 *     On jemalloc (which the child checks is loaded), text training batches texts by length;
 *     glibc's malloc would keep the memory of their changing shapes. {@code MALLOC_ARENA_MAX} does
 *     not apply to a jemalloc child
 * @param childThreads the CPU threads each child's PyTorch computes with ({@code OMP_NUM_THREADS},
 *     {@code MKL_NUM_THREADS} and DJL's intra- and inter-op thread counts); default 0: this machine's
 *     cores divided among the slots, at least 1. PyTorch otherwise gives every child a thread per
 *     core, and children sharing cores then spin against each other (bench/RESULTS.md)
 * @param pollInterval how often an idle slot looks for work, default 1 s
 * @param heartbeatInterval how often a running job's lease is renewed, default 5 s
 * @param shutdownGracePeriod how long a graceful stop may take in all (Kubernetes' default, 30 s):
 *     running children are asked to hand their jobs back, killed if they have not by a few seconds
 *     before it, and their jobs requeued either way
 */
@ConfigurationProperties("pretext.worker")
public record WorkerProperties(@DefaultValue("auto") List<String> devices, @DefaultValue("2g") String childHeap,
        @DefaultValue("false") boolean childPreTouch, @DefaultValue("2") int childMallocArenas,
        @DefaultValue("auto") String childAllocator, @DefaultValue("0") int childThreads,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("30s") Duration shutdownGracePeriod) {
}
