import Foundation
import Templating
import PythonExpressions
import ConfigLanguage

/// The `glob` module templates see: `glob.glob(pattern, recursive=False, include_hidden=False)`.
final class GlobModule: TemplateObject, @unchecked Sendable {
    unowned let runtime: ScriptRuntime
    init(runtime: ScriptRuntime) { self.runtime = runtime }
    var typeName: String { "module" }
    var printed: String { "<module 'glob' from '/usr/lib/python3.11/glob.py'>" }
    func attribute(_ name: String) -> Value? {
        switch name {
        case "__name__": return .string("glob")
        case "glob", "iglob":
            return .object(FunctionObject(name) { [runtime] (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
                let bound = try arguments.bind(name, ["pathname", "root_dir", "dir_fd", "recursive", "include_hidden"],
                                               [nil, Value.none, Value.none, .bool(false), .bool(false)])
                let matches = Glob.glob(bound[0].printed, in: runtime.host.workingDirectory.path,
                                        hidden: bound[4].isTruthy, recursive: bound[3].isTruthy, files: runtime.host.files)
                return .list(matches.map { .string($0) })
            })
        case "has_magic":
            return .object(FunctionObject(name) { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
                .bool(Glob.hasMagic(try arguments.bind(name, ["s"], [nil])[0].printed))
            })
        case "escape":
            return .object(FunctionObject(name) { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
                let text = try arguments.bind(name, ["pathname"], [nil])[0].printed
                var out = ""
                for c in text {
                    if c == "*" || c == "?" || c == "[" { out += "[\(c)]" } else { out.append(c) }
                }
                return .string(out)
            })
        default:
            return nil
        }
    }
}

/// The `os` module templates see, with `os.path`.
final class OSModule: SealedFromSetp, @unchecked Sendable {
    unowned let runtime: ScriptRuntime
    init(runtime: ScriptRuntime) { self.runtime = runtime }
    var typeName: String { "module" }
    var printed: String { "<module 'os' (frozen)>" }
    func attribute(_ name: String) -> Value? {
        switch name {
        case "__name__": return .string("os")
        case "path": return .object(PathModule(runtime: runtime))
        case "environ":
            // a snapshot, as a dict: `'X' in os.environ`, `os.environ.get('X', 'default')`
            var environment = ValueDict()
            for (name, value) in runtime.host.environment.all { environment[.string(name)] = .string(value) }
            return .dict(environment)
        case "listdir":
            return .object(FunctionObject(name) { [runtime] (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
                let path = try arguments.bind(name, ["path"], [.string(".")])[0].printed
                let absolute = runtime.host.workingDirectory.resolve(path)
                guard runtime.host.files.isDirectory(absolute) else {
                    throw TemplateError("FileNotFoundError", PythonErrors.osError(runtime.host.files.exists(absolute) ? ENOTDIR : ENOENT, path))
                }
                let names = runtime.host.files.list(absolute).sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
                return .list(names.map { .string($0) })
            })
        case "sep": return .string("/")
        case "linesep": return .string("\n")
        case "name": return .string("posix")
        case "getcwd":
            return .object(FunctionObject(name) { [runtime] (_: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
                .string(runtime.host.workingDirectory.path)
            })
        case "getenv":
            return .object(FunctionObject(name) { [runtime] (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
                let bound = try arguments.bind(name, ["key", "default"], [nil, Value.none])
                return runtime.host.environment.value(bound[0].printed).map { .string($0) } ?? bound[1]
            })
        default: return nil
        }
    }
}

/// `os.path`: the string functions, and the file tests against the runtime's directory.
final class PathModule: TemplateObject, @unchecked Sendable {
    unowned let runtime: ScriptRuntime
    init(runtime: ScriptRuntime) { self.runtime = runtime }
    var typeName: String { "module" }
    var printed: String { "<module 'posixpath' (frozen)>" }

    private func function(_ name: String, _ parameters: [String], _ body: @escaping @Sendable ([Value]) -> Value) -> Value {
        .object(FunctionObject(name) { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
            body(try arguments.bind(name, parameters, parameters.map { _ in nil }))
        })
    }

    func attribute(_ name: String) -> Value? {
        let directory = runtime.host.workingDirectory, files = runtime.host.files
        switch name {
        case "__name__": return .string("posixpath")
        case "sep": return .string("/")
        case "basename": return function(name, ["p"]) { .string(PosixPath.split($0[0].printed).tail) }
        case "dirname": return function(name, ["p"]) { .string(PosixPath.split($0[0].printed).head) }
        case "split": return function(name, ["p"]) {
            let (head, tail) = PosixPath.split($0[0].printed)
            return .tuple([.string(head), .string(tail)])
        }
        case "splitext": return function(name, ["p"]) {
            let (root, suffix) = PosixPath.splitExtension($0[0].printed)
            return .tuple([.string(root), .string(suffix)])
        }
        // through links, as Python's stat-based tests are
        case "exists": return function(name, ["path"]) { .bool(files.status(directory.resolve($0[0].printed)) != nil) }
        case "isfile": return function(name, ["path"]) { .bool(files.status(directory.resolve($0[0].printed)).map { !$0.isDirectory } ?? false) }
        case "isdir": return function(name, ["s"]) { .bool(files.isDirectory(directory.resolve($0[0].printed))) }
        case "isabs": return function(name, ["s"]) { .bool($0[0].printed.hasPrefix("/")) }
        case "abspath": return function(name, ["path"]) { .string(self.runtime.absolutePath($0[0].printed)) }
        case "join":
            return .object(FunctionObject(name) { (arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
                var result = arguments.positional.first?.printed ?? ""
                for part in arguments.positional.dropFirst() { result = PosixPath.join(result, part.printed) }
                return .string(result)
            })
        default: return nil
        }
    }
}
