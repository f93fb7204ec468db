import Foundation
import ConfigLanguage

/// `\ls`, `\rm`, `\rmdir`, `\mv` and `\cp`.
extension ScriptRuntime {
    func installFileDirectives() {
        directives["ls"] = Self.refusingNulBytes(Self.lsDirective)
        directives["rm"] = Self.refusingNulBytes(Self.rmDirective)
        directives["rmdir"] = Self.refusingNulBytes(Self.rmdirDirective)
        directives["mv"] = Self.refusingNulBytes(Self.mvDirective)
        directives["cp"] = Self.refusingNulBytes(Self.cpDirective)
    }

    /// A directive whose words become paths or process arguments: a NUL byte in one is Python's
    /// `ValueError: embedded null byte` (C would cut the word short and act on another file).
    static func refusingNulBytes(_ directive: @escaping Directive) -> Directive {
        { runtime, words in
            if words.contains(where: { $0.utf8.contains(0) }) { throw ScriptError("embedded null byte") }
            return try directive(runtime, words)
        }
    }

    /// `strerror` of the error a file operation set.
    static func osMessage(_ code: Int32) -> String { String(cString: strerror(code)) }

    static func lsDirective(_ runtime: ScriptRuntime, _ words: [String]) throws -> Int32 {
        var parser = DirectiveArgumentParser(program: "\\ls", description: "List directory contents.")
        parser.positional("paths", metavar: "PATH", count: .zeroOrMore, help: "the path(s) to list")
        parser.flag(["-l"], "l", help: "use a long listing format")
        parser.flag(["-a", "--all"], "all", help: "do not ignore entries starting with .")
        let outcome = parser.parse(words, runtime: runtime)
        guard let arguments = outcome.values else { return outcome.status }
        runtime.log([runtime.executingText], underline: true)
        let paths = arguments.values["paths"].map { $0.isEmpty ? ["."] : $0 } ?? ["."]
        let long = arguments.flag("l"), all = arguments.flag("all")
        var files: [String] = []
        var directories: [String] = []
        for path in paths.map(PosixPath.normalize) {
            let absolute = runtime.host.workingDirectory.resolve(path)
            guard let status = runtime.host.files.status(absolute) else {
                runtime.log("\\ls: \(path): No such file or directory")
                continue
            }
            if status.isDirectory { directories.append(path) } else { files.append(path) }
        }
        func describe(_ absolute: String, _ name: String, width: Int) -> String {
            let info = runtime.host.files.status(absolute) ?? FileStatus(mode: 0, links: 0, size: 0, modified: 0)
            let size = String(info.size)
            var time = time_t(info.modified)
            var parts = tm()
            localtime_r(&time, &parts)
            var buffer = [UInt8](repeating: 0, count: 64)
            let length = strftime(&buffer, 64, "%a %b %e %H:%M:%S %Y", &parts)
            let date = String(decoding: buffer[..<length], as: UTF8.self)
            return FileMode.describe(mode_t(info.mode)).padding(toLength: 11, withPad: " ", startingAt: 0) + " "
                + String(info.links).padding(toLength: 3, withPad: " ", startingAt: 0) + " "
                + size.padding(toLength: max(width, size.count), withPad: " ", startingAt: 0) + " "
                + date.padding(toLength: max(25, date.count), withPad: " ", startingAt: 0) + " " + name
        }
        func sizeWidth(_ paths: [String]) -> Int {
            paths.map { String(runtime.host.files.status($0)?.size ?? 0).count }.max() ?? 0
        }
        let fileWidth = sizeWidth(files.map { runtime.host.workingDirectory.resolve($0) })
        for path in files {
            let name = PosixPath.split(path).tail
            runtime.log(long ? describe(runtime.host.workingDirectory.resolve(path), name, width: fileWidth) : name)
        }
        if !files.isEmpty && !directories.isEmpty { runtime.log("") }
        for (index, path) in directories.enumerated() {
            if directories.count > 1 || !files.isEmpty { runtime.log("\(path):") }
            let absolute = runtime.host.workingDirectory.resolve(path)
            let entries = runtime.host.files.list(absolute).filter { all || !$0.hasPrefix(".") }.sorted {
                Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value))
            }
            let width = sizeWidth(entries.map { PosixPath.join(absolute, $0) })
            for entry in entries {
                let full = PosixPath.join(absolute, entry)
                let name = entry + (runtime.host.files.isDirectory(full) ? "/" : "")
                runtime.log(long ? describe(full, name, width: width) : name)
            }
            if directories.count > 1 && index < directories.count - 1 { runtime.log("") }
        }
        return 0
    }

    static func rmdirDirective(_ runtime: ScriptRuntime, _ words: [String]) throws -> Int32 {
        var parser = DirectiveArgumentParser(program: "\\rmdir")
        parser.flag(["-p", "--parents"], "parents", help: "Remove directory and its parents")
        parser.positional("directories", count: .oneOrMore)
        let outcome = parser.parse(words, runtime: runtime)
        guard let arguments = outcome.values else { return outcome.status }
        for directory in arguments.list("directories") {
            let path = runtime.host.workingDirectory.resolve(directory)
            if arguments.flag("parents") {
                try? runtime.host.files.removeTree(path)
            } else {
                let failed = runtime.host.files.removeDirectory(path)
                if failed != 0 { throw ScriptError("Failed to remove directory \(directory): \(osMessage(failed))") }
            }
        }
        return 0
    }

    static func rmDirective(_ runtime: ScriptRuntime, _ words: [String]) throws -> Int32 {
        var parser = DirectiveArgumentParser(program: "\\rm")
        parser.flag(["-r", "--recursive"], "recursive", help: "Remove directories and their contents recursively")
        parser.flag(["-f", "--force"], "force", help: "Ignore nonexistent files and arguments, never prompt")
        parser.positional("files", count: .oneOrMore)
        let outcome = parser.parse(words, runtime: runtime)
        guard let arguments = outcome.values else { return outcome.status }
        let force = arguments.flag("force")
        for file in arguments.list("files") {
            let path = runtime.host.workingDirectory.resolve(file)
            let files = runtime.host.files
            if arguments.flag("recursive") && files.isDirectory(path) {
                do {
                    try files.removeTree(path)
                } catch {
                    if !force { throw ScriptError("Failed to remove directory \(file): \(osMessage(EACCES))") }
                }
                continue
            }
            // os.remove: unlink, which refuses directories
            let failed = files.isDirectory(path) && !files.isSymbolicLink(path) ? EISDIR : files.removeFile(path)
            if failed == 0 || (force && failed == ENOENT) { continue }
            throw ScriptError("Failed to remove \(files.isDirectory(path) ? "directory" : "file") \(file): \(osMessage(failed))")
        }
        return 0
    }

    static func mvDirective(_ runtime: ScriptRuntime, _ words: [String]) throws -> Int32 {
        guard words.count == 2 else { throw ScriptError("\\mv directive takes two arguments, source and destination.") }
        let source = runtime.host.workingDirectory.resolve(words[0])
        var destination = runtime.host.workingDirectory.resolve(words[1])
        let files = runtime.host.files
        guard files.exists(source) else { throw ScriptError(PythonErrors.osError(ENOENT, words[0])) }
        // shutil.move: into an existing directory, else to the new name
        if files.isDirectory(destination) { destination = PosixPath.join(destination, PosixPath.split(PosixPath.normalize(words[0])).tail) }
        let renamed = files.rename(source, to: destination)
        if renamed != 0 {
            // across file systems: copy, then remove
            do {
                try files.copy(source, to: destination)
                try files.removeTree(source)
            } catch {
                throw ScriptError(PythonErrors.osError(renamed == EXDEV ? EIO : renamed, words[1]))
            }
        }
        return 0
    }

    static func cpDirective(_ runtime: ScriptRuntime, _ words: [String]) throws -> Int32 {
        guard words.count == 2 else { throw ScriptError("\\cp directive takes two arguments, source and destination.") }
        let source = runtime.host.workingDirectory.resolve(words[0])
        var destination = runtime.host.workingDirectory.resolve(words[1])
        let files = runtime.host.files
        guard files.exists(source) else { throw ScriptError(PythonErrors.osError(ENOENT, words[0])) }
        guard !files.isDirectory(source) else { throw ScriptError(PythonErrors.osError(EISDIR, words[0])) }
        if files.isDirectory(destination) { destination = PosixPath.join(destination, PosixPath.split(words[0]).tail) }
        if files.exists(destination) { try? files.removeTree(destination) }
        do {
            try files.copy(source, to: destination)
        } catch {
            throw ScriptError(PythonErrors.osError(ENOENT, words[1]))
        }
        return 0
    }
}

/// `stat.filemode`: `-rw-r--r--`, `drwxr-xr-x`.
enum FileMode {
    static func describe(_ mode: mode_t) -> String {
        let type: String
        switch mode & S_IFMT {
        case S_IFDIR: type = "d"
        case S_IFLNK: type = "l"
        case S_IFCHR: type = "c"
        case S_IFBLK: type = "b"
        case S_IFIFO: type = "p"
        case S_IFSOCK: type = "s"
        default: type = "-"
        }
        let bits: [(mode_t, Character)] = [
            (S_IRUSR, "r"), (S_IWUSR, "w"), (S_IXUSR, "x"), (S_IRGRP, "r"), (S_IWGRP, "w"), (S_IXGRP, "x"),
            (S_IROTH, "r"), (S_IWOTH, "w"), (S_IXOTH, "x"),
        ]
        return type + String(bits.map { mode & $0.0 != 0 ? $0.1 : "-" })
    }
}
