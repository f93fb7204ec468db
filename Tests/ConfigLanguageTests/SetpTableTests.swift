import ConfigLanguage
import Foundation
import Testing
import Templating
import ConfigRuntime

/// `\setp` expressions against the values and errors the reference gives
/// (`Fixtures/setp/setp.json`, recorded by `python3 Tests/ConfigLanguageTests/Fixtures/setp/record_setp.py`).
///
/// Cases the evaluator does not match yet are listed in `Fixtures/setp/NOT_YET_MATCHING` (one
/// expression a line, as JSON strings); every other case must match, and the progress test
/// prints the listed ones that match now.
@Suite struct SetpTableTests {
    struct Case: Decodable {
        var expr: String
        var repr: String?
        var type: String?
        var error: String?
        var sanitized: Bool?
        /// Python could not print the value (an int past 4,300 digits inside); the ValueError's text.
        var unprintable: String?
    }

    struct Table: Decodable {
        var files: [String]
        var cases: [Case]
    }

    static let table: Table = {
        let data = (try? Fixtures.data("setp/setp.json")) ?? Data()
        return (try? JSONDecoder().decode(Table.self, from: data)) ?? Table(files: [], cases: [])
    }()

    static let notYetMatching: Set<String> = {
        let text = (try? String(contentsOf: Fixtures.root.appendingPathComponent("setp/NOT_YET_MATCHING"), encoding: .utf8)) ?? ""
        return Set(text.split(separator: "\n").compactMap { line in
            try? JSONDecoder().decode(String.self, from: Data(line.utf8))
        })
    }()

    final class Discard: ScriptOutput, @unchecked Sendable {
        func standardOutput(_ text: String) {}
        func standardError(_ text: String) {}
    }

    /// A runtime in a sandbox holding the recorder's files.
    static func runtime() throws -> (ScriptRuntime, String) {
        let sandbox = FileManager.default.temporaryDirectory.appendingPathComponent("dgen-setp-\(UUID().uuidString)").path
        for file in table.files {
            let path = sandbox + "/" + file
            if file.hasSuffix("/") {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } else {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                _ = FileManager.default.createFile(atPath: path, contents: Data())
            }
        }
        let host = RuntimeHost(output: Discard(), environment: MemoryEnvironment([("HOME", "/tmp/dgen-home")]),
                               workingDirectory: VirtualWorkingDirectory(sandbox))
        return (ScriptRuntime(host: host), sandbox)
    }

    /// Whether a case comes out as recorded. Random and address-bearing results are compared
    /// by type only.
    static func matches(_ runtime: ScriptRuntime, _ item: Case) -> Bool {
        do {
            let value = try runtime.evaluateSetp(item.expr)
            guard item.error == nil else { return false }
            if let unprintable = item.unprintable {
                do throws(TemplateError) { try value.checkPrintable() } catch { return error.message == unprintable && value.className == item.type }
                return false
            }
            if item.sanitized == true || item.repr == nil { return item.type == nil || value.className == item.type }
            return value.repr == item.repr && (item.type == nil || value.className == item.type)
        } catch {
            guard let expected = item.error, item.sanitized != true else { return item.sanitized == true && item.error != nil }
            return error.message == "\\setp eval error: " + expected
        }
    }

    @Test func recordedCasesMatch() throws {
        #expect(Self.table.cases.count >= 200)
        let (runtime, sandbox) = try Self.runtime()
        defer { try? FileManager.default.removeItem(atPath: sandbox) }
        var newlyMatching: [String] = []
        // DGENERATE_LIST_FAILING=1 prints the cases that do not match (to rebuild the list)
        let listFailing = ProcessInfo.processInfo.environment["DGENERATE_LIST_FAILING"] != nil
        for item in Self.table.cases {
            let ok = Self.matches(runtime, item)
            if listFailing && !ok {
                let json = String(decoding: try JSONEncoder().encode(item.expr), as: UTF8.self)
                print("setp-failing: \(json)")
            }
            if Self.notYetMatching.contains(item.expr) {
                if ok { newlyMatching.append(item.expr) }
            } else {
                #expect(ok, "\\setp \(item.expr)")
            }
        }
        print("setp: \(Self.table.cases.count - Self.notYetMatching.count) cases required, \(newlyMatching.count) listed cases match now")
    }
}
