/// Python's `os.path` and `pathlib` string operations on POSIX paths.
package enum PosixPath {
    /// `pathlib.PurePosixPath(path).as_posix()`: empty and `.` components dropped, repeated
    /// slashes collapsed (two leading slashes are kept, as POSIX allows), no trailing slash.
    package static func normalize(_ path: String) -> String {
        guard !path.isEmpty else { return "." }
        var root = ""
        if path.hasPrefix("/") {
            root = path.hasPrefix("//") && !path.hasPrefix("///") ? "//" : "/"
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        let joined = root + parts.joined(separator: "/")
        return joined.isEmpty ? "." : joined
    }

    /// `os.path.expanduser`: a leading `~` or `~user` up to the first slash. `home` is `HOME`;
    /// `accounts` looks a user's home directory up (nil: the current user's), as Python reads
    /// the password database.
    static func expandUser(_ path: String, home: String?, accounts: (String?) -> String?) -> String {
        guard path.hasPrefix("~") else { return path }
        let slash = path.firstIndex(of: "/") ?? path.endIndex
        let user = path[path.index(after: path.startIndex)..<slash]
        guard var directory = user.isEmpty ? (home ?? accounts(nil)) : accounts(String(user)) else { return path }
        // Python strips trailing slashes from the home directory
        while directory.hasSuffix("/") { directory.removeLast() }
        let rest = path[slash...]
        let result = directory + rest
        return result.isEmpty ? "/" : result
    }

    /// `os.path.split`.
    package static func split(_ path: String) -> (head: String, tail: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        var head = String(path[...slash])
        let tail = String(path[path.index(after: slash)...])
        if !head.allSatisfy({ $0 == "/" }) {
            while head.hasSuffix("/") { head.removeLast() }
        }
        return (head, tail)
    }

    /// `os.path.join(a, b)` for a relative `b`.
    package static func join(_ a: String, _ b: String) -> String {
        if b.hasPrefix("/") { return b }
        if a.isEmpty || a.hasSuffix("/") { return a + b }
        return a + "/" + b
    }
}

/// Python's `os.path` operations that the engine needs too (downloads name and report files
/// as dgenerate does).
public enum PythonPath {
    /// `os.path.normpath`: `.` and `..` resolved lexically, repeated slashes collapsed.
    public static func normpath(_ path: String) -> String {
        guard !path.isEmpty else { return "." }
        let root = path.hasPrefix("//") && !path.hasPrefix("///") ? "//" : path.hasPrefix("/") ? "/" : ""
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
            if part == ".." {
                if let last = parts.last, last != ".." { parts.removeLast(); continue }
                if !root.isEmpty { continue }
            }
            parts.append(part)
        }
        let joined = root + parts.joined(separator: "/")
        return joined.isEmpty ? "." : joined
    }

    /// `os.path.abspath` with `directory` as the working directory.
    public static func abspath(_ path: String, in directory: String) -> String {
        normpath(path.hasPrefix("/") ? path : directory + "/" + path)
    }

    /// `os.path.relpath(path, start)` for absolute paths.
    public static func relpath(_ path: String, from start: String) -> String {
        let target = normpath(path).split(separator: "/"), base = normpath(start).split(separator: "/")
        var common = 0
        while common < target.count && common < base.count && target[common] == base[common] { common += 1 }
        let parts = Array(repeating: "..", count: base.count - common) + target[common...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// `os.path.splitext`.
    public static func splitext(_ path: String) -> (root: String, extension: String) {
        PosixPath.splitExtension(path)
    }
}

extension PosixPath {
    /// `os.path.splitext`: the extension starts at the last dot of the last component, unless
    /// that component is all leading dots.
    package static func splitExtension(_ path: String) -> (String, String) {
        let tail = split(path).tail
        guard let dot = tail.lastIndex(of: "."), tail[..<dot].contains(where: { $0 != "." }) else { return (path, "") }
        let extensionLength = tail.distance(from: dot, to: tail.endIndex)
        return (String(path.dropLast(extensionLength)), String(tail[dot...]))
    }
}
