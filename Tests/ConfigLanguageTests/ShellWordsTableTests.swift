import ConfigLanguage
import Foundation
import Testing
import Templating
import ConfigRuntime

/// Shell words, `unquote()` and `quote()` against the reference (`Fixtures/shell/shell_words.json`,
/// recorded by `python3 Tests/ConfigLanguageTests/Fixtures/shell/record_shell_words.py`), in a
/// sandbox holding the recorder's files and environment.
@Suite struct ShellWordsTableTests {
    struct ParseCase: Decodable {
        var input: String
        var words: [String]?
        var error: String?
    }

    /// A JSON scalar as a template value.
    struct Scalar: Decodable {
        var value: Value
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { value = .none }
            else if let flag = try? container.decode(Bool.self) { value = .bool(flag) }
            else if let number = try? container.decode(Int.self) { value = .int(number) }
            else if let number = try? container.decode(Double.self) { value = .float(number) }
            else { value = .string(try container.decode(String.self)) }
        }
    }

    /// An input of `unquote`/`quote`: text, a list, or a tuple (`{"tuple": [...]}`).
    enum Input: Decodable {
        case text(String)
        case list([Value])
        case tuple([Value])
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .text(text)
            } else if let items = try? container.decode([Scalar].self) {
                self = .list(items.map(\.value))
            } else {
                self = .tuple((try container.decode([String: [Scalar]].self)["tuple"] ?? []).map(\.value))
            }
        }
        var value: Value {
            switch self {
            case .text(let text): return .string(text)
            case .list(let items): return .list(items)
            case .tuple(let items): return .tuple(items)
            }
        }
    }

    struct FunctionCase: Decodable {
        var input: Input
        var kwargs: [String: Bool]
        var result: ResultValue?
        var error: String?
    }

    enum ResultValue: Decodable {
        case text(String)
        case words([String])
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) { self = .text(text) } else { self = .words(try container.decode([String].self)) }
        }
        var printed: String {
            switch self {
            case .text(let text): return text
            case .words(let words): return Value.list(words.map { .string($0) }).printed
            }
        }
    }

    struct Table: Decodable {
        var home: String
        var env: [String: String]
        var files: [String]
        var shell_parse: [ParseCase]
        var unquote: [FunctionCase]
        var quote: [FunctionCase]
    }

    static var table: Table? {
        do {
            return try JSONDecoder().decode(Table.self, from: Fixtures.data("shell/shell_words.json"))
        } catch {
            Issue.record("shell_words.json: \(error)")
            return nil
        }
    }

    final class Discard: ScriptOutput, @unchecked Sendable {
        func standardOutput(_ text: String) {}
        func standardError(_ text: String) {}
    }

    /// A sandbox with the recorder's files, and the environment the recorder used.
    static func sandbox(_ table: Table) throws -> (path: String, environment: MemoryEnvironment) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dgen-shell-\(UUID().uuidString)").resolvingSymlinksInPath().path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for file in table.files {
            let full = path + "/" + file
            if file.hasSuffix("/") {
                try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
            } else {
                _ = FileManager.default.createFile(atPath: full, contents: Data())
            }
        }
        var variables = table.env.map { ($0.key, $0.value.replacingOccurrences(of: "<SANDBOX>", with: path)) }
        variables.append(("HOME", table.home))
        return (path, MemoryEnvironment(variables))
    }

    @Test func shellParseMatchesTheReference() throws {
        let table = try #require(Self.table)
        #expect(table.shell_parse.count >= 200)
        let (path, environment) = try Self.sandbox(table)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let words = ShellWords(environment: { environment.value($0) }, workingDirectory: path, files: SystemDirectories(), accounts: SystemAccounts.lookup)
        for item in table.shell_parse {
            do {
                let result = try words.parse(item.input).map { $0.replacingOccurrences(of: path, with: "<SANDBOX>") }
                #expect(item.error == nil && result == item.words, "shell_parse(\(PythonString.repr(item.input))) gave \(result)")
            } catch {
                #expect(error.message.replacingOccurrences(of: path, with: "<SANDBOX>") == item.error,
                        "shell_parse(\(PythonString.repr(item.input))) failed: \(error.message)")
            }
        }
    }

    @Test(arguments: ["unquote", "quote"])
    func templateFunctionMatchesTheReference(_ function: String) throws {
        let table = try #require(Self.table)
        let (path, environment) = try Self.sandbox(table)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let runtime = ScriptRuntime(host: RuntimeHost(output: Discard(), environment: environment,
                                                      workingDirectory: VirtualWorkingDirectory(path)))
        let cases = function == "unquote" ? table.unquote : table.quote
        #expect(cases.count >= 20)
        for item in cases {
            var keywords = ValueDict()
            for (key, flag) in item.kwargs { keywords[.string(key)] = .bool(flag) }
            let context: [String: Value] = ["input": item.input.value, "kw": .dict(keywords)]
            do {
                let output = try runtime.templates.render("{{ \(function)(input, **kw) }}", context: context)
                #expect(item.error == nil && output.replacingOccurrences(of: path, with: "<SANDBOX>") == item.result?.printed,
                        "\(function)(\(item.input.value.repr), \(item.kwargs)) gave \(output)")
            } catch {
                #expect(item.error != nil && error.message.hasSuffix(item.error ?? "\u{0}"), "\(function)(\(item.input.value.repr)) failed: \(error.message)")
            }
        }
    }
}
