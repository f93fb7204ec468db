import Foundation

/// `\pwd`, `\cd`, `\pushd`, `\popd` and `\mkdir`.
extension ScriptRuntime {
    /// `os.path.abspath`: joined with the working directory and normalised (`.`, `..`, `//`).
    func absolutePath(_ path: String) -> String {
        let joined = host.workingDirectory.resolve(path)
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    func installDirectoryDirectives() {
        directives["pwd"] = Self.pwdDirective
        directives["cd"] = Self.cdDirective
        directives["pushd"] = Self.pushdDirective
        directives["popd"] = Self.popdDirective
        directives["mkdir"] = Self.mkdirDirective
    }

    static func pwdDirective(_ runtime: ScriptRuntime, _ arguments: [String]) throws(ScriptError) -> Int32 {
        runtime.log(runtime.host.workingDirectory.path)
        return 0
    }

    static func cdDirective(_ runtime: ScriptRuntime, _ arguments: [String]) throws(ScriptError) -> Int32 {
        guard arguments.count == 1 else { throw ScriptError("\\cd directive takes 1 argument, the directory name.") }
        let path = runtime.absolutePath(arguments[0])
        try runtime.host.workingDirectory.change(to: path)
        runtime.log("Working Directory Changed To: \"\(path)\"")
        return 0
    }

    static func pushdDirective(_ runtime: ScriptRuntime, _ arguments: [String]) throws(ScriptError) -> Int32 {
        guard arguments.count == 1 else { throw ScriptError("\\pushd directive takes 1 argument, the directory name.") }
        let path = runtime.absolutePath(arguments[0])
        let old = runtime.host.workingDirectory.path
        try runtime.host.workingDirectory.change(to: path)
        runtime.log("Working Directory Changed To: \"\(path)\"")
        runtime.directoryStack.append(old)
        return 0
    }

    static func popdDirective(_ runtime: ScriptRuntime, _ arguments: [String]) throws(ScriptError) -> Int32 {
        guard let directory = runtime.directoryStack.popLast() else {
            throw ScriptError("\\popd failed, no directory on the stack.")
        }
        do throws(ScriptError) {
            try runtime.host.workingDirectory.change(to: directory)
        } catch {
            runtime.directoryStack.append(directory)
            throw error
        }
        runtime.log("Working Directory Changed To: \"\(directory)\"")
        return 0
    }

    static func mkdirDirective(_ runtime: ScriptRuntime, _ arguments: [String]) throws(ScriptError) -> Int32 {
        var parents = false
        var directories: [String] = []
        for argument in arguments {
            if argument == "-p" || argument == "--parents" { parents = true } else { directories.append(argument) }
        }
        guard !directories.isEmpty else {
            runtime.errorMessage("usage: \\mkdir [-h] [-p] directories [directories ...]\n\\mkdir: error: the following arguments are required: directories")
            return 2
        }
        for directory in directories {
            let path = runtime.host.workingDirectory.resolve(directory)
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: parents)
            } catch {
                var isDirectory: ObjCBool = false
                if parents && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue { continue }
                let code = FileManager.default.fileExists(atPath: path) ? EEXIST : ENOENT
                throw ScriptError("Error creating directory \"\(directory)\": \(String(cString: strerror(code)))")
            }
        }
        return 0
    }
}
