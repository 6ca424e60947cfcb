#ifndef FEEDWATCH_CSQLITE_SHIM_H
#define FEEDWATCH_CSQLITE_SHIM_H
#include <sqlite3.h>

/* SQLITE_TRANSIENT is a cast macro that Swift cannot import; these wrappers pass it so SQLite
   copies the bytes before the call returns and Swift may free its buffer right after. A NULL
   pointer (an empty Swift buffer) still binds an empty value, never SQL NULL. */
static inline int feedwatch_sqlite3_bind_text(sqlite3_stmt *statement, int index, const void *bytes, int count) {
    return sqlite3_bind_text(statement, index, bytes ? (const char *)bytes : "", count, SQLITE_TRANSIENT);
}

#endif
