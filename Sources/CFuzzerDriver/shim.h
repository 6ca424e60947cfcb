#ifndef FEEDWATCH_CFUZZERDRIVER_SHIM_H
#define FEEDWATCH_CFUZZERDRIVER_SHIM_H
#include <stddef.h>
#include <stdint.h>
/* libFuzzer's driver entry point. Declared weak so a normal build (no -sanitize=fuzzer) still
   links: the symbol is then null and the executable replays files instead. SwiftPM's own main
   replaces libFuzzer's, which is why the driver has to be called explicitly. */
extern int LLVMFuzzerRunDriver(int *argc, char ***argv,
                               int (*callback)(const uint8_t *data, size_t size)) __attribute__((weak));

static inline int fw_fuzzer_linked(void) { return LLVMFuzzerRunDriver != 0; }

static inline int fw_fuzzer_run(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t)) {
    return LLVMFuzzerRunDriver(argc, argv, callback);
}
#endif
