import Foundation
import ConfigLanguage

/// Where an invocation's model comes from, decided as the reference decides it before loading:
/// an existing folder (diffusers layout), an existing file (a single checkpoint), else a
/// Hugging Face repository id, checked with the Hub's naming rules.
public enum ModelSource: Equatable, Sendable {
    case folder(String)
    case file(String)
    case hubRepository(String)

    public struct Failure: Error, Equatable, Sendable {
        public var message: String
    }

    /// Resolves `path` (relative to `workingDirectory`) on `files`; offline, a repository must
    /// already be in the Hugging Face cache (`huggingFaceCache`, the `hub` folder).
    public static func resolve(_ path: String, workingDirectory: String, offline: Bool,
                               huggingFaceCache: String?, files: FileSystem) throws(Failure) -> ModelSource {
        let absolute = PythonPath.abspath(path, in: workingDirectory)
        if let status = files.status(absolute) {
            if status.isDirectory { return .folder(absolute) }
            guard SafetensorsHeader.isReadable(absolute, files: files) || !absolute.hasSuffix(".safetensors") else {
                throw Failure(message: "Unable to load weights from checkpoint file for '\(path)' at '\(path)'.")
            }
            return .file(absolute)
        }
        try validateRepositoryId(path)
        if offline {
            let cached = huggingFaceCache.map { cache in
                files.status(cache + "/models--" + path.replacingOccurrences(of: "/", with: "--")) != nil
            } ?? false
            if !cached {
                throw Failure(message: "Offline mode is enabled, but the file \"model_index.json\" from Hugging Face repo \"\(path)\" was not found locally. Please ensure the file is available locally or disable offline mode.")
            }
        }
        return .hubRepository(path)
    }

    /// The Hub's rules for repository ids (`namespace/name`), with its messages.
    static func validateRepositoryId(_ id: String) throws(Failure) {
        if id.filter({ $0 == "/" }).count > 1 {
            throw Failure(message: "Repo id must be in the form 'repo_name' or 'namespace/repo_name': '\(id)'. Use `repo_type` argument if needed.")
        }
        let pattern = #"^(\b[\w\-.]+\b/)?\b[\w\-.]{1,96}\b$"#
        let regex = try! NSRegularExpression(pattern: pattern)
        if regex.firstMatch(in: id, range: NSRange(id.startIndex..., in: id)) == nil {
            throw Failure(message: "Repo id must use alphanumeric chars, '-', '_' or '.'. The name cannot start or end with '-' or '.' and the maximum length is 96: '\(id)'.")
        }
        if id.contains("--") || id.contains("..") {
            throw Failure(message: "Cannot have -- or .. in repo_id: '\(id)'.")
        }
        if id.hasSuffix(".git") {
            throw Failure(message: "Repo_id cannot end by '.git': '\(id)'.")
        }
    }

    /// The Hugging Face cache's `hub` folder: `$HF_HUB_CACHE`, else `$HF_HOME/hub`, else
    /// `~/.cache/huggingface/hub`.
    public static func huggingFaceCache(environment: (String) -> String?) -> String? {
        if let hub = environment("HF_HUB_CACHE") { return hub }
        if let home = environment("HF_HOME") { return home + "/hub" }
        return environment("HOME").map { $0 + "/.cache/huggingface/hub" }
    }
}

/// The first bytes of a safetensors file: an 8-byte little-endian header length and a JSON
/// object of that length.
enum SafetensorsHeader {
    static func isReadable(_ path: String, files: FileSystem) -> Bool {
        guard let prefix = files.read(path, upTo: 8), prefix.count == 8 else { return false }
        let length = prefix.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard length > 1, length < 100_000_000, let bytes = files.read(path, upTo: 8 + Int(length)), bytes.count == 8 + Int(length) else {
            return false
        }
        return (try? JSONSerialization.jsonObject(with: Data(bytes.dropFirst(8)))) is [String: Any]
    }
}
