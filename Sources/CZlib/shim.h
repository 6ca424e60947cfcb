#ifndef FEEDWATCH_CZLIB_SHIM_H
#define FEEDWATCH_CZLIB_SHIM_H
#include <zlib.h>

/* inflateInit2 is a macro (it passes ZLIB_VERSION and the struct size), which Swift cannot call.
   Window bits 15 + 16: gzip only, as logrotate's `compress` writes it; no raw or zlib streams. */
static inline int feedwatch_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 16);
}

#endif
