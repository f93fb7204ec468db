import Foundation
import ConfigLanguage

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
        directives["cd"] = Self.refusingNulBytes(Self.cdDirective)
        directives["pushd"] = Self.refusingNulBytes(Self.pushdDirective)
        directives["popd"] = Self.popdDirective
        directives["mkdir"] = Self.refusingNulBytes(Self.mkdirDirective)
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

    static func mkdirDirective(_ runtime: ScriptRuntime, _ words: [String]) throws(ScriptError) -> Int32 {
        var parser = DirectiveArgumentParser(program: "\\mkdir", description: "Create directories.")
        parser.flag(["-p", "--parents"], "parents", help: "No error if existing, make parent directories as needed.")
        parser.positional("directories", count: .oneOrMore, help: "List of directories to create")
        let outcome = parser.parse(words, runtime: runtime)
        guard let arguments = outcome.values else { return outcome.status }
        for directory in arguments.list("directories") {
            let path = runtime.host.workingDirectory.resolve(directory)
            let files = runtime.host.files
            if arguments.flag("parents") {
                if files.isDirectory(path) { continue }
                do {
                    try files.makeDirectories(path)
                } catch {
                    throw ScriptError("Error creating directory \"\(directory)\": \(osMessage(files.exists(path) ? EEXIST : ENOTDIR))")
                }
            } else {
                let failed = files.makeDirectory(path)
                if failed != 0 { throw ScriptError("Error creating directory \"\(directory)\": \(osMessage(failed))") }
            }
        }
        return 0
    }
}
