import CGlibcShim
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many cores this process may run on: what sizes the threads of a watchlist load and the
/// workers of a pass. Honours the CPU affinity (`taskset`, systemd's `CPUAffinity=`), which the
/// online processor count ignores, so a service pinned to one core does not split its work for
/// cores it cannot use.
public enum UsableCores {
    public static let count: Int = {
        let cores = Int(feedwatch_usable_cores())
        return cores > 0 ? cores : max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }()
}
