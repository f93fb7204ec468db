/// CSQLite: SQLite for the web cache's index (the same `cache.db` that dgenerate keeps).
#ifndef CSQLITE_H
#define CSQLITE_H
#include <sqlite3.h>

/// Binds text that SQLite copies (`SQLITE_TRANSIENT` is a macro Swift cannot import).
int csqlite_bind_text(sqlite3_stmt *statement, int index, const char *text);
#endif
