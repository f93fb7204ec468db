import Foundation

/// Reads the test fixtures that ship in the test bundle.
enum Fixtures {
    static var root: URL { Bundle.module.resourceURL!.appendingPathComponent("Fixtures") }

    static func data(_ path: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(path))
    }

    /// The `.dgen` files in a fixture folder, sorted by name.
    static func scripts(in folder: String) throws -> [(name: String, bytes: [UInt8])] {
        let directory = root.appendingPathComponent(folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".dgen") }.sorted()
        return try names.map { ($0, Array(try Data(contentsOf: directory.appendingPathComponent($0)))) }
    }

    /// One statement as record_statements.py writes it.
    struct RecordedStatement: Decodable, Equatable {
        var line: Int
        var text: String?
        var error: String?
    }

    static func recordedStatements(_ path: String) throws -> [String: [RecordedStatement]] {
        try JSONDecoder().decode([String: [RecordedStatement]].self, from: data(path))
    }

    static func corpus(_ path: String) throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: data(path))
    }
}
