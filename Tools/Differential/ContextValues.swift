import BigInt
import ConfigLanguage
import Foundation
import Templating

/// The rough kind of a generated value, so that expressions are mostly well typed (a few
/// ill-typed ones are generated on purpose: errors are compared too).
enum Kind: CaseIterable {
    case int, float, string, list, dict, bool, none
}

/// A value for a template's context, as this engine's `Value` and as the oracle's tagged JSON.
struct ContextValue {
    var value: Value
    var tagged: Any
    var kind: Kind

    static let intTexts = ["0", "1", "-1", "2", "3", "7", "-12", "42", "255", "1000", "9223372036854775807",
                           "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
                           "100000000000000000000", "-10000000000000000000000000", "1267650600228229401496703205376"]
    static let floatTexts = ["0.0", "-0.0", "0.5", "1.5", "-2.25", "3.14159", "1e+16", "1e-07", "1e+300", "inf",
                             "-inf", "nan", "0.1", "2.0", "100.0", "1e+22", "123456.789", "-7.5", "2.5", "0.125"]
    static let strings = ["", "abc", "Hello World", "héllo wörld", "日本語", "😀 emoji", "<b>bold</b> & \"q\" 'a'",
                          "a\nb", "tab\there", "  padded  ", "back\\slash", "{{ x }}", "%s %d", "a,b,,c", "CamelCase",
                          "42", "-7", "3.5", "0x1f", "1e3", "True", "none", "ß", "İstanbul", "ǅ", "ﬁle", "path/to/file.png",
                          "http://example.com/a?b=c&d=e", "foo bar baz qux", "ÀÉÎ", "\u{00a0}nbsp", "zz", "   ", "inf",
                          "nan", "1_000", " 12 ", "a-b_c d", "x@y.z", "MiXeD cAsE", "one\r\ntwo", "\u{0007}bell",
                          "www.example.org", "<script>", "0b101", "+5", "١٢", "ⅷ", "²"]

    static func int(_ text: String) -> ContextValue {
        let number = BigInt(text) ?? 0
        return ContextValue(value: .integer(number), tagged: ["int": text], kind: .int)
    }

    static func float(_ text: String) -> ContextValue {
        ContextValue(value: .float(Double(text) ?? 0), tagged: ["float": text], kind: .float)
    }

    static func string(_ text: String) -> ContextValue {
        ContextValue(value: .string(text), tagged: ["str": text], kind: .string)
    }

    static func random(_ random: inout SeededRandom, depth: Int = 0) -> ContextValue {
        let choice = random.below(depth > 1 ? 5 : 9)
        switch choice {
        case 0, 1: return int(random.pick(intTexts))
        case 2: return float(random.pick(floatTexts))
        case 3, 4: return string(random.pick(strings))
        case 5: return random.chance(50) ? ContextValue(value: .bool(true), tagged: ["bool": true], kind: .bool)
            : ContextValue(value: .bool(false), tagged: ["bool": false], kind: .bool)
        case 6: return sequence(&random, depth: depth, tuple: random.chance(25))
        case 7: return dict(&random, depth: depth)
        default:
            if random.chance(20) { return ContextValue(value: .none, tagged: NSNull(), kind: .none) }
            return sequence(&random, depth: depth, tuple: false)
        }
    }

    static func sequence(_ random: inout SeededRandom, depth: Int, tuple: Bool) -> ContextValue {
        let count = random.below(5)
        let homogeneous = random.chance(60)
        let first = random.below(3)
        var items: [ContextValue] = []
        for _ in 0..<count {
            if homogeneous {
                switch first {
                case 0: items.append(int(random.pick(Array(intTexts.prefix(10)))))
                case 1: items.append(string(random.pick(strings)))
                default: items.append(random.chance(50) ? dictOfScalars(&random) : float(random.pick(floatTexts)))
                }
            } else {
                items.append(Self.random(&random, depth: depth + 1))
            }
        }
        let values = items.map(\.value)
        return ContextValue(value: tuple ? .tuple(values) : .list(values),
                            tagged: [tuple ? "tuple" : "list": items.map(\.tagged)], kind: .list)
    }

    static let keys = ["name", "age", "city", "a", "b", "x", "key with space", "é", "1"]

    static func dictOfScalars(_ random: inout SeededRandom) -> ContextValue {
        var pairs: [(Value, Value)] = []
        var tagged: [Any] = []
        for key in ["name", "age", "city"] {
            let item = key == "age" ? int(random.pick(["25", "30", "35", "1", "-1"])) : string(random.pick(["alice", "bob", "Paris", "berlin", "Berlin", ""]))
            pairs.append((.string(key), item.value))
            tagged.append([["str": key], item.tagged])
        }
        return ContextValue(value: .dict(ValueDict(pairs)), tagged: ["dict": tagged], kind: .dict)
    }

    static func dict(_ random: inout SeededRandom, depth: Int) -> ContextValue {
        if random.chance(30) { return dictOfScalars(&random) }
        var pairs: [(Value, Value)] = []
        var tagged: [Any] = []
        var used = Set<String>()
        for _ in 0..<random.below(4) {
            let keyText = random.pick(keys)
            let key = random.chance(15) ? int(String(keyText.count)) : string(keyText)
            guard used.insert(key.value.repr).inserted else { continue }
            let item = Self.random(&random, depth: depth + 1)
            pairs.append((key.value, item.value))
            tagged.append([key.tagged, item.tagged])
        }
        return ContextValue(value: .dict(ValueDict(pairs)), tagged: ["dict": tagged], kind: .dict)
    }
}
