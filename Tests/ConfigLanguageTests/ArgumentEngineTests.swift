import ConfigLanguage
import Foundation
import Testing

/// The project's one argparse engine (`CommandLineParser`, which parses the command line,
/// every directive's options and the meta-arguments) against Python 3.11's argparse on 1,000
/// random command lines over four parsers: positionals of every `nargs`, flag clusters,
/// attached values, abbreviations on and off, exclusive groups, required options. Recorded by
/// `Fixtures/argparse/record_argparse.py`, which declares the parsers as data read here too.
@Suite struct ArgumentEngineTests {
    struct Declaration: Decodable {
        var names: [String]
        var dest: String
        var nargs: String
        var required: Bool?
        var group: Int?
    }

    struct ParserDeclaration: Decodable {
        var name: String
        var abbrev: Bool
        var arguments: [Declaration]
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        var parser: String
        var words: [String]
        var values: [String: [String]]?
        var error: String?
        var help: Bool?
        var testDescription: String { "\(parser): \(words)" }
    }

    struct Recording: Decodable {
        var parsers: [ParserDeclaration]
        var cases: [Case]
    }

    static let recording: Recording? = try? JSONDecoder().decode(Recording.self, from: Fixtures.data("argparse/argparse.json"))

    /// A declaration as the engine's option table (`-h/--help` first, as argparse adds it).
    static func options(_ declaration: ParserDeclaration) -> [CommandOption] {
        let help = CommandOption(dest: "help", names: ["-h", "--help"], action: .help, arity: .none, metavar: nil,
                                 defaultValue: "None", valueType: nil, choices: nil, required: false, exclusiveGroup: nil, help: "")
        return [help] + declaration.arguments.map { argument in
            let arity: CommandOption.Arity = switch argument.nargs {
            case "flag": .none
            case "?": .zeroOrOne
            case "*": .zeroOrMore
            case "+": .oneOrMore
            default: .one
            }
            let required = argument.names.isEmpty ? (arity == .one || arity == .oneOrMore) : (argument.required ?? false)
            return CommandOption(dest: argument.dest, names: argument.names, action: arity == .none ? .storeTrue : .store,
                                 arity: arity, metavar: nil, defaultValue: "None", valueType: nil, choices: nil,
                                 required: required, exclusiveGroup: argument.group, help: "")
        }
    }

    @Test func theRecordingIsThere() throws {
        let recording = try #require(Self.recording)
        #expect(recording.cases.count == 1000)
        #expect(recording.cases.filter { $0.values != nil }.count > 200, "too few successful parses to compare values")
    }

    @Test(arguments: recording?.cases ?? [])
    func engineAgreesWithArgparse(_ example: Case) throws {
        let declaration = try #require(Self.recording?.parsers.first { $0.name == example.parser })
        let options = Self.options(declaration)
        let parser = CommandLineParser(options: options, allowsAbbreviations: declaration.abbrev)
        do throws(CommandLineParser.Failure) {
            let parsed = try parser.parse(example.words)
            var values: [String: [String]] = [:]
            for (option, words) in parsed.occurrences { values[options[option].dest] = words }
            // argparse gives a `?` argument without a word its default or const, None here
            // (not recorded); the engine gives it no words
            let zeroOrOne = Set(options.filter { $0.arity == .zeroOrOne }.map(\.dest))
            values = values.filter { !($0.value.isEmpty && zeroOrOne.contains($0.key)) }
            #expect(example.values == values)
        } catch {
            switch error {
            case .exit: #expect(example.help == true)
            case .usage(let message), .argument(let message): #expect(example.error == message)
            }
        }
    }
}
