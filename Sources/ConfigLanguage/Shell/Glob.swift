import Templating

/// What globbing reads of the file system, behind a protocol so that the language stays free of
/// side effects: the runtime gives it the real file system (`SystemDirectories`).
public protocol DirectoryReader: Sendable {
    /// The entries of `directory` (not `.` and `..`), in the order the system lists them; none
    /// when it cannot be read.
    func list(_ directory: String) -> [String]
    /// Whether `path` names anything, a dangling link included (`lstat`).
    func exists(_ path: String) -> Bool
    /// Whether `path` is a directory, through links (`stat`).
    func isDirectory(_ path: String) -> Bool
    /// Whether `path` is a symbolic link (`lstat`).
    func isSymbolicLink(_ path: String) -> Bool
}

/// Python's `glob.glob` (3.11): `*`, `?` and `[...]` per path component, `**` when recursive,
/// hidden names only when asked for or when the pattern itself starts with a dot. Results are
/// sorted by code point: Python returns them in `os.scandir` order, which differs between file
/// systems (docs/spec/divergences.md).
package enum Glob {
    package static func hasMagic(_ text: String) -> Bool {
        text.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// Matches of `pattern`; relative patterns are resolved against `root`, results keep the
    /// pattern's form.
    package static func glob(_ pattern: String, in root: String, hidden: Bool, recursive: Bool, files: DirectoryReader) -> [String] {
        var results: [String] = []
        iglob(pattern, root: root, recursive: recursive, directoriesOnly: false, hidden: hidden, files: files, into: &results)
        // a pattern starting with `**` first matches the empty path, which Python skips
        if recursive && pattern.hasPrefix("**"), results.first == "" { results.removeFirst() }
        return results.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
    }

    private static func absolute(_ path: String, _ root: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.isEmpty { return root }
        return PosixPath.join(root, path)
    }

    private static func iglob(_ pattern: String, root: String, recursive: Bool, directoriesOnly: Bool, hidden: Bool,
                              files: DirectoryReader, into results: inout [String]) {
        let (dirname, basename) = PosixPath.split(pattern)
        if !hasMagic(pattern) {
            if !basename.isEmpty {
                if files.exists(absolute(pattern, root)) { results.append(pattern) }
            } else if files.isDirectory(absolute(dirname, root)) {
                results.append(pattern)
            }
            return
        }
        if dirname.isEmpty {
            if recursive && basename == "**" {
                results += globRecursive(root: root, "", directoriesOnly: directoriesOnly, hidden: hidden, files: files)
            } else {
                results += globOne(absolute("", root), basename, directoriesOnly: directoriesOnly, hidden: hidden, files: files)
            }
            return
        }
        var directories: [String] = []
        if dirname != pattern && hasMagic(dirname) {
            iglob(dirname, root: root, recursive: recursive, directoriesOnly: true, hidden: hidden, files: files, into: &directories)
        } else {
            directories = [dirname]
        }
        for directory in directories {
            let names: [String]
            if hasMagic(basename) {
                if recursive && basename == "**" {
                    names = globRecursive(root: absolute(directory, root), "", directoriesOnly: directoriesOnly, hidden: hidden, files: files)
                } else {
                    names = globOne(absolute(directory, root), basename, directoriesOnly: directoriesOnly, hidden: hidden, files: files)
                }
            } else {
                if basename.isEmpty {
                    names = files.isDirectory(absolute(directory, root)) ? [basename] : []
                } else {
                    names = files.exists(absolute(PosixPath.join(directory, basename), root)) ? [basename] : []
                }
            }
            for name in names { results.append(PosixPath.join(directory, name)) }
        }
    }

    private static func globOne(_ directory: String, _ pattern: String, directoriesOnly: Bool, hidden: Bool,
                                files: DirectoryReader) -> [String] {
        var names = list(directory, directoriesOnly: directoriesOnly, files)
        if hidden || !pattern.hasPrefix(".") {
            names = names.filter { hidden || !$0.hasPrefix(".") }
        }
        let matcher = FileNamePattern(pattern)
        return names.filter { matcher.matches($0) }
    }

    /// `**`: the directory itself (as ""), then everything below it.
    private static func globRecursive(root directory: String, _ prefix: String, directoriesOnly: Bool, hidden: Bool,
                                      files: DirectoryReader) -> [String] {
        var results: [String] = [""]
        func walk(_ relative: String) {
            for name in list(relative.isEmpty ? directory : PosixPath.join(directory, relative), directoriesOnly: directoriesOnly, files)
            where hidden || !name.hasPrefix(".") {
                let path = relative.isEmpty ? name : PosixPath.join(relative, name)
                results.append(path)
                if files.isDirectory(PosixPath.join(directory, path)) && !files.isSymbolicLink(PosixPath.join(directory, path)) {
                    walk(path)
                }
            }
        }
        walk("")
        return results
    }

    /// Entries of `directory` (only directories when asked), in the order `files` lists them.
    package static func list(_ directory: String, directoriesOnly: Bool, _ files: DirectoryReader) -> [String] {
        let names = files.list(directory)
        return directoriesOnly ? names.filter { files.isDirectory(PosixPath.join(directory, $0)) } : names
    }
}

/// `fnmatch` patterns (POSIX, case-sensitive): `*`, `?`, `[seq]`, `[!seq]`.
struct FileNamePattern {
    private enum Piece {
        case literal(Unicode.Scalar)
        case any
        case star
        case set(negated: Bool, items: [ClosedRange<Unicode.Scalar>])
    }

    private let pieces: [Piece]

    init(_ pattern: String) {
        let s = Array(pattern.unicodeScalars)
        var pieces: [Piece] = []
        var i = 0
        while i < s.count {
            let c = s[i]
            i += 1
            switch c {
            case "*":
                if case .star = pieces.last {} else { pieces.append(.star) }
            case "?":
                pieces.append(.any)
            case "[":
                var j = i
                if j < s.count && s[j] == "!" { j += 1 }
                if j < s.count && s[j] == "]" { j += 1 }
                while j < s.count && s[j] != "]" { j += 1 }
                if j >= s.count {
                    pieces.append(.literal("["))
                } else {
                    var k = i
                    var negated = false
                    if s[k] == "!" { negated = true; k += 1 }
                    var items: [ClosedRange<Unicode.Scalar>] = []
                    while k < j {
                        let low = s[k]
                        if k + 2 < j, s[k + 1] == "-" {
                            let high = s[k + 2]
                            if low <= high { items.append(low...high) }
                            k += 3
                        } else {
                            items.append(low...low)
                            k += 1
                        }
                    }
                    pieces.append(.set(negated: negated, items: items))
                    i = j + 1
                }
            default:
                pieces.append(.literal(c))
            }
        }
        self.pieces = pieces
    }

    func matches(_ name: String) -> Bool {
        let s = Array(name.unicodeScalars)
        // iterative matching with backtracking to the last star
        var p = 0, i = 0
        var starP = -1, starI = 0
        while i < s.count {
            if p < pieces.count {
                switch pieces[p] {
                case .star:
                    starP = p
                    starI = i
                    p += 1
                    continue
                case .any:
                    p += 1; i += 1
                    continue
                case .literal(let c) where c == s[i]:
                    p += 1; i += 1
                    continue
                case .set(let negated, let items) where items.contains { $0.contains(s[i]) } != negated:
                    p += 1; i += 1
                    continue
                default:
                    break
                }
            }
            guard starP >= 0 else { return false }
            p = starP + 1
            starI += 1
            i = starI
        }
        while p < pieces.count, case .star = pieces[p] { p += 1 }
        return p == pieces.count
    }
}
