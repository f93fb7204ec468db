import Foundation
import Testing
import ConfigLanguage
import Templating

/// The parser never crashes or hangs, and its time grows linearly with its input.
struct HostileInputTests {
    /// 100,000 random and mutated inputs: generated scripts with byte-level damage (NUL bytes,
    /// invalid UTF-8, stray quotes, braces and line breaks) and plain random bytes. Each must parse
    /// to a lossless tree.
    @Test func randomAndMutatedInputs() {
        var generator = ScriptGenerator(seed: 0xBAD_1DEA)
        var failures: [String] = []
        for number in 0..<100_000 {
            let bytes: [UInt8]
            if number % 10 == 0 {
                bytes = (0..<generator.random.below(200)).map { _ in UInt8(truncatingIfNeeded: generator.random.next()) }
            } else {
                bytes = generator.mutate(generator.script(maxLines: 6))
            }
            if let problem = LosslessTreeTests.violation(in: bytes) {
                failures.append("#\(number): \(problem)")
                if failures.count >= 5 { break }
            }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    /// Large inputs of each dangerous shape, parsed at two sizes: the larger takes at most a
    /// few times longer per byte (linear growth), and every tree is lossless.
    static let shapes: [(name: String, make: @Sendable (Int) -> [UInt8])] = [
        ("one long line", { n in Array("\\print ".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: n) }),
        ("long line of quotes and hashes", { n in Array(String(repeating: "'#' \"#\" \\# ", count: n / 12).utf8) }),
        ("unterminated string with hashes", { n in Array(("\\echo \"" + String(repeating: "a # ", count: n / 4)).utf8) }),
        ("nested if tags on one line", { n in Array(String(repeating: "{% if x %}", count: n / 10).utf8) }),
        ("nested if tags on many lines", { n in Array(String(repeating: "{% if x %}\n", count: n / 11).utf8) }),
        ("open bracket run", { n in Array(("{{ " + String(repeating: "(", count: n)).utf8) }),
        ("backslash continuation chain", { n in Array(String(repeating: "a \\\n", count: n / 4).utf8) }),
        ("dash continuation chain", { n in Array(("x\n" + String(repeating: "-a\n", count: n / 3)).utf8) }),
        ("NUL bytes", { n in [UInt8](repeating: 0, count: n) }),
        ("invalid UTF-8", { n in (0..<n).map { UInt8(0x80 + $0 % 0x7F) } }),
        ("long unknown directive", { n in Array("\\".utf8) + [UInt8](repeating: UInt8(ascii: "z"), count: n) }),
        ("many short lines", { n in Array(String(repeating: "\\nope\n", count: n / 6).utf8) }),
        ("comment tag never closed", { n in Array(("{% if x %}{#" + String(repeating: " x", count: n / 2)).utf8) }),
    ]

    static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    @Test(arguments: shapes.indices)
    func largeInputsAreLinear(_ index: Int) {
        let (name, make) = Self.shapes[index]
        let small = make(125_000)
        let large = make(1_000_000)
        #expect(LosslessTreeTests.violation(in: large) == nil, "\(name)")
        let smallTime = (0..<3).map { _ in Self.seconds { _ = ScriptParser.parse(SourceText(name: "s", bytes: small)) } }.min()!
        let largeTime = (0..<3).map { _ in Self.seconds { _ = ScriptParser.parse(SourceText(name: "l", bytes: large)) } }.min()!
        // 8x the input: linear is 8x the time, quadratic 64x; allow noise up to 20x
        #expect(largeTime < max(0.05, smallTime) * 20, "\(name): \(smallTime)s for 125 KB, \(largeTime)s for 1 MB")
    }

    /// 100,000 nested `{% if %}` tags: one unbalanced block, reported, with no deep recursion.
    @Test func hundredThousandNestedIfs() {
        let text = String(repeating: "{% if x %}\n", count: 100_000)
        let syntax = ScriptParser.parse(SourceText(name: "deep", text: text))
        #expect(syntax.statements.count == 1)
        #expect(syntax.diagnostics.contains { $0.id.name == "unbalanced-template" })
    }
}
