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

    public func int(_ key: String, default fallback: Int? = nil) throws(ModelFileError) -> Int {
        guard let value = values[key] else {
            if let fallback { return fallback }
            throw ModelFileError(file: path, "\"\(key)\" is missing")
        }
        guard let number = value as? NSNumber, !Self.isBoolean(number), number.doubleValue == number.doubleValue.rounded() else {
            throw ModelFileError(file: path, "\"\(key)\" must be an integer")
        }
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

    public func ints(_ key: String, default fallback: [Int]? = nil) throws(ModelFileError) -> [Int] {
        guard let value = values[key] else {
            if let fallback { return fallback }
            throw ModelFileError(file: path, "\"\(key)\" is missing")
        }
        if let number = value as? NSNumber, !Self.isBoolean(number) { return [number.intValue] }
        guard let list = value as? [NSNumber] else { throw ModelFileError(file: path, "\"\(key)\" must be a list of integers") }
        return list.map(\.intValue)
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
