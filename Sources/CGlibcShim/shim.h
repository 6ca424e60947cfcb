#ifndef FEEDWATCH_CGLIBCSHIM_SHIM_H
#define FEEDWATCH_CGLIBCSHIM_SHIM_H
/* glibc functions that Swift's Glibc module does not export. */
#include <malloc.h>
#include <stddef.h>
#include <sys/types.h>

/* Declared by <sched.h> only under _GNU_SOURCE; the mask is a cpu_set_t. */
extern int sched_getaffinity(pid_t pid, size_t cpusetsize, void *mask);

/* Cores in this process's CPU affinity mask (up to 1024), or 0 when it cannot be read. */
static inline int feedwatch_usable_cores(void) {
    unsigned long mask[1024 / (8 * sizeof(unsigned long))] = {0};
    if (sched_getaffinity(0, sizeof mask, mask) != 0) return 0;
    int count = 0;
    for (size_t i = 0; i < sizeof mask / sizeof mask[0]; i++) count += __builtin_popcountl(mask[i]);
    return count;
}

/* Declared by <string.h> only under _GNU_SOURCE: byte-string search, used by `feedwatch tail` to
   reject alert lines on their raw bytes before decoding them. */
extern void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);
extern void *memrchr(const void *s, int c, size_t n);
#endif
