import Foundation

extension CLIPTokenizer {
    /// The tokenizer of a model's `tokenizer` folder: `vocab.json` and `merges.txt`, or the
    /// vocabulary and merges of a `tokenizer.json` (the fast tokenizers' single file) where
    /// those are missing; the token limit and padding token from `tokenizer_config.json` when
    /// it is there. Text is always cleaned as CLIP's tokenizer cleans it (`TextCleanup`), not
    /// by the normalizer a `tokenizer.json` names.
    public convenience init(folder: String) throws(TokenizerError) {
        var maximumLength = 77
        var padText: String? = nil
        let configFile = folder + "/tokenizer_config.json"
        if FileManager.default.fileExists(atPath: configFile) {
            let config = try Self.jsonObject(configFile)
            if let length = config["model_max_length"] as? NSNumber {
                // transformers writes a huge sentinel when a model sets no limit
                guard length.doubleValue >= 3 else { throw TokenizerError("\(configFile): model_max_length \(length) is below 3") }
                if length.doubleValue < 1e6 { maximumLength = length.intValue }
            }
            padText = Self.tokenText(config["pad_token"])
        }
        let vocabularyFile = folder + "/vocab.json", mergesFile = folder + "/merges.txt"
        if FileManager.default.fileExists(atPath: vocabularyFile) || !FileManager.default.fileExists(atPath: folder + "/tokenizer.json") {
            try self.init(vocabularyFile: vocabularyFile, mergesFile: mergesFile, maximumLength: maximumLength, padText: padText)
            return
        }
        let file = folder + "/tokenizer.json"
        let root = try Self.jsonObject(file)
        guard let model = root["model"] as? [String: Any], let vocabularyObject = model["vocab"] as? [String: Any],
              let mergeList = model["merges"] as? [Any] else {
            throw TokenizerError("\(file): no BPE model with a vocab and merges")
        }
        var vocabulary: [String: Int] = [:]
        for (token, number) in vocabularyObject {
            guard let number = number as? NSNumber else { throw TokenizerError("\(file): the token \"\(token)\" has no number") }
            vocabulary[token] = number.intValue
        }
        // tokens added beside the model's vocabulary (the start and end markers among them)
        for case let added as [String: Any] in root["added_tokens"] as? [Any] ?? [] {
            if let content = added["content"] as? String, let id = added["id"] as? NSNumber { vocabulary[content] = id.intValue }
        }
        // merges are "a b" strings in older files, ["a", "b"] pairs in newer ones
        var merges: [(String, String)] = []
        for (index, merge) in mergeList.enumerated() {
            if let text = merge as? String {
                let parts = text.split(separator: " ")
                guard parts.count == 2 else { throw TokenizerError("\(file): merge \(index) is not two symbols separated by a space") }
                merges.append((String(parts[0]), String(parts[1])))
            } else if let pair = merge as? [String], pair.count == 2 {
                merges.append((pair[0], pair[1]))
            } else {
                throw TokenizerError("\(file): merge \(index) is neither \"a b\" nor [\"a\", \"b\"]")
            }
        }
        try self.init(vocabulary: vocabulary, merges: merges, maximumLength: maximumLength, padText: padText)
    }

    /// The prompt's token count without the start and end markers, as transformers'
    /// `tokenize` counts it (the reference warns when it is over the limit).
    public func tokenCount(_ text: String) -> Int { tokens(text).count }

    private static func jsonObject(_ path: String) throws(TokenizerError) -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: path) else { throw TokenizerError("\(path): cannot be read") }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw TokenizerError("\(path): not a JSON object")
        }
        return object
    }

    /// A special token written as text or as transformers' `{"content": ...}` object.
    private static func tokenText(_ value: Any?) -> String? {
        if let text = value as? String { return text }
        return (value as? [String: Any])?["content"] as? String
    }
}

extension CLIPTokenizer {
    /// CLIP's own vocabulary and merges, shipped with the engine (the tokenizer every Stable
    /// Diffusion family uses; a single-file checkpoint has none), padding with `padText`
    /// (`!` for OpenCLIP encoders) or the end token.
    /// Read once per pad text and shared: a tokenizer does not change once made.
    public static func bundledCLIP(padText: String? = nil) throws(TokenizerError) -> CLIPTokenizer {
        bundledLock.lock()
        defer { bundledLock.unlock() }
        if let made = bundled[padText] { return made }
        guard let folder = EngineResources.folder("clip-tokenizer") else {
            throw TokenizerError("CLIP's tokenizer files (dgenerate_Engine.resources/clip-tokenizer beside the executable) are missing")
        }
        let made = try CLIPTokenizer(vocabularyFile: folder + "/vocab.json", mergesFile: folder + "/merges.txt", padText: padText)
        bundled[padText] = made
        return made
    }

    private static let bundledLock = NSLock()
    nonisolated(unsafe) private static var bundled: [String?: CLIPTokenizer] = [:]
}

/// The engine's resource files, found beside the running executable (where the build puts
/// `dgenerate_Engine.resources`) without SwiftPM's accessor, which stops the process when they
/// are missing.
enum EngineResources {
    static func folder(_ name: String) -> String? {
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
        candidates.append(Bundle.main.bundleURL)
        for base in candidates {
            let path = base.appendingPathComponent("dgenerate_Engine.resources").appendingPathComponent(name).path
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue { return path }
        }
        return nil
    }
}
