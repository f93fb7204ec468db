import Foundation

/// A model component's `config.json` (or `model_index.json`), with typed reads whose errors
/// name the file and the key.
public struct ComponentConfig: @unchecked Sendable {
    public let path: String
    public let values: [String: Any]

    /// A configuration given as values (the project's own models), named `path` in errors.
    public init(values: [String: Any], path: String) {
        self.path = path
        self.values = values
    }

    public init(path: String) throws(ModelFileError) {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelFileError(file: path, FileManager.default.fileExists(atPath: path) ? "cannot be read" : "missing")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ModelFileError(file: path, "is not valid JSON (\((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription))")
        }
        guard let values = object as? [String: Any] else { throw ModelFileError(file: path, "is not a JSON object") }
        self.values = values
    }

    /// An integer, at least `minimum` (and at most a million: no model needs more).
    public func int(_ key: String, default fallback: Int? = nil, minimum: Int = Int.min) throws(ModelFileError) -> Int {
        guard let value = values[key] else {
            if let fallback { return fallback }
            throw ModelFileError(file: path, "\"\(key)\" is missing")
        }
        return try integer(value, key, minimum: minimum)
    }

    private func integer(_ value: Any, _ key: String, minimum: Int) throws(ModelFileError) -> Int {
        guard let number = value as? NSNumber, !Self.isBoolean(number), number.doubleValue == number.doubleValue.rounded(),
              abs(number.doubleValue) <= 1_000_000 else {
            throw ModelFileError(file: path, "\"\(key)\" must be an integer")
        }
        guard number.intValue >= minimum else { throw ModelFileError(file: path, "\"\(key)\" must be at least \(minimum)") }
        return number.intValue
    }

    /// Whether JSON gave `true`/`false` (Foundation bridges both to NSNumber; booleans are
    /// stored as C chars).
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    public func double(_ key: String, default fallback: Double? = nil) throws(ModelFileError) -> Double {
        guard let value = values[key] else {
            if let fallback { return fallback }
            throw ModelFileError(file: path, "\"\(key)\" is missing")
        }
        guard let number = value as? NSNumber else { throw ModelFileError(file: path, "\"\(key)\" must be a number") }
        return number.doubleValue
    }

    public func string(_ key: String, default fallback: String? = nil) throws(ModelFileError) -> String {
        guard let value = values[key], !(value is NSNull) else {
            if let fallback { return fallback }
            throw ModelFileError(file: path, "\"\(key)\" is missing")
        }
        guard let text = value as? String else { throw ModelFileError(file: path, "\"\(key)\" must be a string") }
        return text
    }

    /// A list of integers (a single integer reads as a list of one), each at least `minimum`;
    /// the list is never empty.
    public func ints(_ key: String, default fallback: [Int]? = nil, minimum: Int = Int.min) throws(ModelFileError) -> [Int] {
        guard let value = values[key] else {
            if let fallback { return fallback }
            throw ModelFileError(file: path, "\"\(key)\" is missing")
        }
        if value is NSNumber { return [try integer(value, key, minimum: minimum)] }
        guard let list = value as? [Any], !list.isEmpty else { throw ModelFileError(file: path, "\"\(key)\" must be a list of integers") }
        var result: [Int] = []
        for item in list { result.append(try integer(item, key, minimum: minimum)) }
        return result
    }

    public func strings(_ key: String, default fallback: [String]? = nil) throws(ModelFileError) -> [String] {
        guard let value = values[key] else {
            if let fallback { return fallback }
            throw ModelFileError(file: path, "\"\(key)\" is missing")
        }
        guard let list = value as? [String] else { throw ModelFileError(file: path, "\"\(key)\" must be a list of strings") }
        return list
    }
}
