import CGlibcShim

/// Gives memory freed by a watchlist load back to the system.
///
/// Building the matcher for a large watchlist allocates tens of megabytes of scratch that is freed
/// at once. glibc keeps such memory in its main arena, while a pass allocates on the fetch and
/// worker threads' arenas, so without a trim the process would carry the build's peak for its
/// whole life (docs/performance.md, end to end).
public enum HeapTrim {
    public static func releaseFreedMemory() {
        _ = malloc_trim(0)
    }
}
