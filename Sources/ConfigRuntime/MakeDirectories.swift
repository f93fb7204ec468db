import Foundation
import ConfigLanguage

/// Python's `os.makedirs(path, exist_ok=True)`: each missing folder of `path` made in turn; a
/// failure names the folder that could not be made, as the path was written
/// (`[Errno 20] Not a directory: 'file/sub'`).
enum MakeDirectories {
    /// `resolve` turns a path as written into one to use (relative to the working directory).
    static func make(_ path: String, in files: FileSystem, resolve: (String) -> String) throws(ScriptError) {
        var prefixes: [String] = []
        var current = ""
        for (index, part) in path.split(separator: "/", omittingEmptySubsequences: false).enumerated() {
            current += (index == 0 ? "" : "/") + part
            if !part.isEmpty && part != "." { prefixes.append(current) }
        }
        for (index, prefix) in prefixes.enumerated() {
            let resolved = resolve(prefix)
            // a parent that exists is not made again, whatever it is: making the next one fails
            if index < prefixes.count - 1 ? files.exists(resolved) : files.isDirectory(resolved) { continue }
            let code = files.makeDirectory(resolved)
            if code != 0 {
                if code == EEXIST && files.isDirectory(resolved) { continue }
                throw ScriptError(PythonErrors.osError(code, prefix))
            }
        }
    }
}
