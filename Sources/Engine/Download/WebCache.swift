import CSQLite
import Foundation
#if canImport(Glibc)
import Glibc
import ConfigRuntime
#endif

/// dgenerate's web cache: downloaded files in one directory, indexed by a SQLite table
/// `store(key, value, creation_date)` in `cache.db` whose values are JSON
/// `{"path": ..., "metadata": ...}`, guarded by an advisory lock on `cache.db.lock`. The layout
/// is dgenerate's own, so both programs share one cache. Entries older than the expiry are
/// removed with their files.
final class WebCache {
    struct Entry {
        var path: String
        var mimeType: String?
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let directory: String
    let expiry: TimeInterval?
    private var databasePath: String { directory + "/cache.db" }

    /// The cache in `directory` (created when missing); `expiry` nil keeps entries forever.
    init(directory: String, expiry: TimeInterval?) throws(Failure) {
        self.directory = directory
        self.expiry = expiry
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "cannot create the web cache directory \(directory): \(error.localizedDescription)")
        }
    }

    /// The cache directory that dgenerate uses: `$DGENERATE_CACHE/web`, else
    /// `~/.cache/dgenerate/web`.
    static func defaultDirectory(environment: [String: String]) -> String {
        if let base = environment["DGENERATE_CACHE"] { return PosixPathJoin.join(base, "web") }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.cache/dgenerate/web"
    }

    // MARK: - Entries

    func entry(_ key: String) throws(Failure) -> Entry? {
        try locked { (database) throws(Failure) in try database.value(key).flatMap(Self.decode) }
    }

    func remove(_ key: String) throws(Failure) {
        try locked { (database) throws(Failure) in
            if let entry = try database.value(key).flatMap(Self.decode) { unlink(entry.path) }
            try database.delete(key)
        }
    }

    /// Where a new entry's file goes: a fresh name with the given extension (".png" or "").
    func newFilePath(extension suffix: String) -> String {
        while true {
            let path = directory + "/" + UUID().uuidString.lowercased() + suffix
            if !FileManager.default.fileExists(atPath: path) { return path }
        }
    }

    /// Records `key` for a file already in place; an existing entry's file is replaced by it.
    func store(_ key: String, path: String, mimeType: String?) throws(Failure) {
        try locked { (database) throws(Failure) in
            if let old = try database.value(key).flatMap(Self.decode), old.path != path { unlink(old.path) }
            try database.put(key, Self.encode(Entry(path: path, mimeType: mimeType)), date: Self.timestamp(Date()))
        }
    }

    /// Removes the entries older than the expiry, and their files.
    func removeExpired() throws(Failure) {
        guard let expiry else { return }
        try locked { (database) throws(Failure) in
            let cutoff = Self.timestamp(Date().addingTimeInterval(-expiry))
            for value in try database.expired(before: cutoff) {
                if let entry = Self.decode(value) { unlink(entry.path) }
            }
        }
    }

    // MARK: - Format

    /// The value as Python's `json.dumps` writes it (ASCII, `", "` and `": "` separators).
    static func encode(_ entry: Entry) -> String {
        let metadata = entry.mimeType.map { "{\"mime-type\": \(jsonString($0))}" } ?? "null"
        return "{\"path\": \(jsonString(entry.path)), \"metadata\": \(metadata)}"
    }

    static func decode(_ value: String) -> Entry? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(value.utf8)) as? [String: Any],
              let path = object["path"] as? String else { return nil }
        return Entry(path: path, mimeType: (object["metadata"] as? [String: Any])?["mime-type"] as? String)
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(unit)!)
            default: out += String(format: "\\u%04x", unit)
            }
        }
        return out + "\""
    }

    /// Local time as Python's sqlite3 adapter stores a `datetime`: `YYYY-MM-DD HH:MM:SS[.ffffff]`.
    static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        let micros = Int((date.timeIntervalSince1970 - Double(seconds)) * 1_000_000)
        var parts = tm()
        localtime_r(&seconds, &parts)
        var text = String(format: "%04d-%02d-%02d %02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                          Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        if micros > 0 { text += String(format: ".%06d", micros) }
        return text
    }

    // MARK: - Locking and the database

    /// Runs `body` holding the cache's lock, with the database open.
    private func locked<T>(_ body: (Database) throws(Failure) -> T) throws(Failure) -> T {
        let lock = open(databasePath + ".lock", O_RDWR | O_CREAT, 0o644)
        guard lock >= 0 else { throw Failure(description: "cannot open the web cache lock \(databasePath).lock: \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw Failure(description: "cannot lock the web cache: \(String(cString: strerror(errno)))") }
        }
        defer { flock(lock, LOCK_UN) }
        let database = try Database(path: databasePath)
        defer { database.close() }
        return try body(database)
    }
}

/// The `store` table.
private final class Database {
    private var handle: OpaquePointer?

    init(path: String) throws(WebCache.Failure) {
        guard sqlite3_open(path, &handle) == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            throw WebCache.Failure(description: "cannot open the web cache index \(path): \(message)")
        }
        sqlite3_busy_timeout(handle, 10_000)
        try run("CREATE TABLE IF NOT EXISTS store (key TEXT PRIMARY KEY, value TEXT, creation_date TIMESTAMP)", [])
    }

    func close() {
        sqlite3_close(handle)
        handle = nil
    }

    func value(_ key: String) throws(WebCache.Failure) -> String? {
        try run("SELECT value FROM store WHERE key=?", [key]).first
    }

    func put(_ key: String, _ value: String, date: String) throws(WebCache.Failure) {
        _ = try run("REPLACE INTO store (key, value, creation_date) VALUES (?, ?, ?)", [key, value, date])
    }

    func delete(_ key: String) throws(WebCache.Failure) {
        _ = try run("DELETE FROM store WHERE key=?", [key])
    }

    /// Deletes the rows created before `cutoff` and returns their values.
    func expired(before cutoff: String) throws(WebCache.Failure) -> [String] {
        let values = try run("SELECT value FROM store WHERE creation_date < ?", [cutoff])
        _ = try run("DELETE FROM store WHERE creation_date < ?", [cutoff])
        return values
    }

    /// Runs one statement; the first column of every row it returns.
    @discardableResult
    private func run(_ sql: String, _ parameters: [String]) throws(WebCache.Failure) -> [String] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else { throw failure() }
        defer { sqlite3_finalize(statement) }
        for (index, parameter) in parameters.enumerated() { csqlite_bind_text(statement, Int32(index + 1), parameter) }
        var rows: [String] = []
        while true {
            let result = sqlite3_step(statement)
            if result == SQLITE_DONE { return rows }
            guard result == SQLITE_ROW else { throw failure() }
            if let text = sqlite3_column_text(statement, 0) { rows.append(String(cString: text)) }
        }
    }

    private func failure() -> WebCache.Failure {
        WebCache.Failure(description: "web cache index error: \(String(cString: sqlite3_errmsg(handle)))")
    }
}

/// `os.path.join` of two parts.
enum PosixPathJoin {
    static func join(_ a: String, _ b: String) -> String {
        if b.hasPrefix("/") { return b }
        if a.isEmpty || a.hasSuffix("/") { return a + b }
        return a + "/" + b
    }
}
