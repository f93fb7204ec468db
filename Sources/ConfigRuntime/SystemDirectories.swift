#if canImport(Glibc)
import Glibc
#endif
import ConfigLanguage

/// The real file system, as globbing reads it: `readdir`, `lstat` and `stat`.
public struct SystemDirectories: DirectoryReader {
    public init() {}

    /// Directory entries in `readdir` order.
    public func list(_ directory: String) -> [String] {
        // a path with a NUL byte names no file (C would cut it short and list another directory)
        guard !directory.utf8.contains(0), let handle = opendir(directory.isEmpty ? "." : directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            // the name in place: a dirent can be shorter than `sizeof(struct dirent)`, so the
            // field must not be copied out whole
            let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 19
            let name = String(cString: UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self))
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        return names
    }

    public func exists(_ path: String) -> Bool {
        guard !path.utf8.contains(0) else { return false }
        var info = stat()
        return lstat(path, &info) == 0
    }

    public func isDirectory(_ path: String) -> Bool {
        guard !path.utf8.contains(0) else { return false }
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    public func isSymbolicLink(_ path: String) -> Bool {
        guard !path.utf8.contains(0) else { return false }
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }
}

/// Home directories from the password database, as Python's `expanduser` reads them: a
/// user's by name, or the current user's for nil.
public enum SystemAccounts {
    public static let lookup: @Sendable (String?) -> String? = { user in
        guard let entry = user.map({ getpwnam($0) }) ?? getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return nil }
        return String(cString: directory)
    }
}
