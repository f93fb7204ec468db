import BigInt
import Foundation

/// The pieces of Python and Jinja2 behaviour that the built-in filters rely on: number
/// conversion, pretty printing, text wrapping, link detection and JSON.
extension BuiltinFilters {
    static let formatFilter: Filter = { (value: Value, arguments: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in
        if !arguments.keywords.isEmpty && !arguments.positional.isEmpty {
            throw TemplateError("FilterArgumentError", "can't handle positional and keyword arguments at the same time")
        }
        if !arguments.keywords.isEmpty {
            return .string(try PercentFormat.format(value.printed, .dict(ValueDict(arguments.keywords.map { (.string($0.0), $0.1) }))))
        }
        return .string(try PercentFormat.format(value.printed, .tuple(arguments.positional)))
    }

    /// Jinja2's sync_do_map: a generator, lazy, empty for a false value.
    static let mapFilter: Filter = { (value: Value, arguments: inout CallArguments, runtime: TemplateRuntime) throws(TemplateError) -> Value in
        let given = arguments
        return .object(GeneratorValue("sync_do_map") { () throws(TemplateError) -> [Value] in
            guard value.isTruthy else { return [] }
            var arguments = given
            let mapped = try mapItems(value, &arguments, runtime)
            guard case .list(let items) = mapped else { return [] }
            return items
        })
    }

    static func mapItems(_ value: Value, _ arguments: inout CallArguments, _ runtime: TemplateRuntime) throws(TemplateError) -> Value {
        let items = try TemplateOperators.iterate(value)
        if let attribute = arguments.keywords.first(where: { $0.0 == "attribute" })?.1 {
            let getter = attributeGetter(attribute, runtime)
            let fallback = arguments.keywords.first(where: { $0.0 == "default" })?.1
            return .list(try items.map { (item) throws(TemplateError) -> Value in
                let result = try getter(item)
                if result.isUndefined, let fallback { return fallback }
                return result
            })
        }
        guard !arguments.positional.isEmpty else { return .list(items) }
        let name = arguments.positional[0].printed
        guard let function = runtime.environment.filters[name] else {
            throw TemplateError("TemplateRuntimeError", "No filter named \(PythonString.repr(name)).")
        }
        let extra = CallArguments(Array(arguments.positional.dropFirst()), keywords: arguments.keywords)
        return .list(try items.map { (item) throws(TemplateError) -> Value in
            var copy = extra
            return try function(item, &copy, runtime)
        })
    }

    /// The `float` filter's conversion: Python's `float(value)`, the default where that raises
    /// TypeError or ValueError.
    static func toFloat(_ value: Value, fallback: Value) throws(TemplateError) -> Value {
        switch value {
        case .float: return value
        case .undefined(let undefined): throw .undefined(undefined.message)
        case .string(let text), .markup(let text): return PythonNumbers.float(text).map(Value.float) ?? fallback
        default:
            guard let number = TemplateOperators.number(value) else { return fallback }
            return .float(try TemplateOperators.checkedDouble(number))
        }
    }

    /// The `int` filter's conversion: `int(value, base)` for text, else `int(value)`; where that
    /// raises TypeError or ValueError, `int(float(value))`; the default where that raises them
    /// too. A float infinity raises OverflowError, as in Jinja2.
    static func toInteger(_ value: Value, fallback: Value, base: Value) throws(TemplateError) -> Value {
        switch value {
        case .int, .bigInt: return value
        case .bool(let flag): return .int(flag ? 1 : 0)
        case .undefined(let undefined): throw .undefined(undefined.message)
        case .float(let double): return try truncated(double) ?? fallback
        case .string(let text), .markup(let text):
            if case .int(let radix) = base, let parsed = PythonNumbers.integer(text, base: radix) { return .integer(parsed) }
            if case .bool(let flag) = base, let parsed = PythonNumbers.integer(text, base: flag ? 1 : 0) { return .integer(parsed) }
            // the fallback `int(float(value))` also catches OverflowError
            guard let double = PythonNumbers.float(text), double.isFinite else { return fallback }
            return try truncated(double) ?? fallback
        default: return fallback
        }
    }

    /// `int(x)` of a float: nil for NaN (a ValueError), OverflowError for the infinities.
    private static func truncated(_ double: Double) throws(TemplateError) -> Value? {
        if double.isNaN { return nil }
        return .integer(try PythonNumbers.truncated(double))
    }
}

/// `groupby`'s result items: tuples with `grouper` and `list` attributes.
final class GroupTuple: TemplateObject, IterableObject, @unchecked Sendable {
    let grouper: Value
    package let list: [Value]
    init(grouper: Value, list: [Value]) {
        self.grouper = grouper
        self.list = list
    }
    var typeName: String { "_GroupTuple" }
    var moduleName: String? { "jinja2.filters" }
    var printed: String { Value.tuple([grouper, .list(list)]).repr }
    var items: [Value] { [grouper, .list(list)] }
    func attribute(_ name: String) -> Value? {
        switch name {
        case "grouper": return grouper
        case "list": return .list(list)
        default: return nil
        }
    }
}


enum HTMLEntities {
    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&#34;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// `tojson`: JSON with HTML-sensitive characters escaped, keys sorted, as Jinja2's
/// `htmlsafe_json_dumps`; with `htmlSafe` false and keys in order, Python's `json.dumps`.
package enum JSONText {
    package static func encode(_ value: Value, indent: Int?, level: Int = 0, htmlSafe: Bool = true) throws(TemplateError) -> String {
        let newline = indent.map { "\n" + String(repeating: " ", count: $0 * (level + 1)) } ?? ""
        let closing = indent.map { "\n" + String(repeating: " ", count: $0 * level) } ?? ""
        let comma = indent == nil ? ", " : ","
        switch value {
        case Value.none: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int, .bigInt: return value.repr
        case .float(let double):
            if double.isNaN { return "NaN" }
            if double.isInfinite { return double < 0 ? "-Infinity" : "Infinity" }
            return value.repr
        case .string(let text), .markup(let text): return string(text, htmlSafe: htmlSafe)
        case .list(let items), .tuple(let items):
            if items.isEmpty { return "[]" }
            return "[" + newline + (try items.map { (item) throws(TemplateError) -> String in try encode(item, indent: indent, level: level + 1, htmlSafe: htmlSafe) }).joined(separator: comma + newline) + closing + "]"
        case .dict(let dict):
            if dict.count == 0 { return "{}" }
            // json.dumps(sort_keys=True) sorts the items with Python's `<` (mixed key types
            // fail), then writes each key as text
            var pairs = dict.pairs
            if htmlSafe {
                let order = try PythonSort.sorted(pairs.indices.map { .int($0) }, keys: pairs.map(\.0), reverse: false)
                pairs = order.compactMap { if case .int(let index) = $0 { return pairs[index] } else { return nil } }
            }
            return "{" + newline + (try pairs.map { (pair) throws(TemplateError) -> String in
                string(try key(pair.0), htmlSafe: htmlSafe) + ": " + (try encode(pair.1, indent: indent, level: level + 1, htmlSafe: htmlSafe))
            }).joined(separator: comma + newline) + closing + "}"
        case .object(let group as GroupTuple):
            // a named tuple is a tuple to json
            return try encode(.tuple(group.items), indent: indent, level: level, htmlSafe: htmlSafe)
        default: throw .type("Object of type \(value.typeName) is not JSON serializable")
        }
    }

    /// A dict key as `json.dumps` writes it: text as is, numbers, booleans and None as JSON.
    private static func key(_ value: Value) throws(TemplateError) -> String {
        switch value {
        case .string(let text), .markup(let text): return text
        case .int, .bigInt, .float, .bool, .none: return try encode(value, indent: nil)
        default: throw .type("keys must be str, int, float, bool or None, not \(value.typeName)")
        }
    }

    static func string(_ text: String, htmlSafe: Bool = true) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            if !htmlSafe && (scalar == "<" || scalar == ">" || scalar == "&" || scalar == "'") {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "'": out += "\\u0027"
            default:
                if scalar.value < 0x20 || scalar.value > 0x7E {
                    if scalar.value > 0xFFFF {
                        let v = scalar.value - 0x10000
                        out += String(format: "\\u%04x\\u%04x", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF))
                    } else {
                        out += String(format: "\\u%04x", scalar.value)
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Python's `pprint.pformat` (width 80, sorted dict keys) for the common containers.
enum PrettyPrint {
    static func sortedPairs(_ dict: ValueDict) -> [(Value, Value)] {
        dict.pairs.sorted { ((try? TemplateOperators.ordering($0.0, $1.0)) ?? 0) < 0 }
    }

    /// `repr` with dicts' keys sorted, as pprint's safe_repr does.
    static func safeRepr(_ value: Value) -> String {
        switch value {
        case .list(let items): return "[" + items.map(safeRepr).joined(separator: ", ") + "]"
        case .tuple(let items):
            if items.count == 1 { return "(" + safeRepr(items[0]) + ",)" }
            return "(" + items.map(safeRepr).joined(separator: ", ") + ")"
        case .dict(let dict): return "{" + sortedPairs(dict).map { "\(safeRepr($0.0)): \(safeRepr($0.1))" }.joined(separator: ", ") + "}"
        default: return value.repr
        }
    }

    static func format(_ value: Value, indent: Int = 0, allowance: Int = 0) -> String {
        let representation = safeRepr(value)
        if representation.count <= 80 - indent - allowance { return representation }
        let separator = ",\n" + String(repeating: " ", count: indent + 1)
        switch value {
        case .list(let items), .tuple(let items):
            let open = value.isList ? "[" : "(", close = value.isList ? "]" : (items.count == 1 ? ",)" : ")")
            let parts = items.enumerated().map { format($0.element, indent: indent + 1, allowance: $0.offset == items.count - 1 ? allowance + 1 : 1) }
            return open + parts.joined(separator: separator) + close
        case .dict(let dict):
            let pairs = sortedPairs(dict)
            let parts = pairs.enumerated().map { (offset, pair) -> String in
                let key = safeRepr(pair.0)
                return key + ": " + format(pair.1, indent: indent + key.count + 3, allowance: offset == pairs.count - 1 ? allowance + 1 : 1)
            }
            return "{" + parts.joined(separator: separator) + "}"
        default:
            return representation
        }
    }
}


/// Jinja2's `urlize` (utils.urlize): links for http(s), www., mailto: and e-mail words.
enum Urlize {
    static let http = try? NSRegularExpression(pattern: #"""
        ^((https?://|www\.)(([-\w%]+\.)+)?([a-z]{2,63}|xn--[\w%]{2,59})|([-\w%]{2,63}\.)+(com|net|int|edu|gov|org|info|mil)|(https?://)((([\d]{1,3})(\.[\d]{1,3}){3})|(\[([\da-f]{0,4}:){2}([\da-f]{0,4}:?){1,6}\])))(?::[\d]{1,5})?(?:[/?#]\S*)?$
        """#, options: [.caseInsensitive])
    static let email = try? NSRegularExpression(pattern: #"^\S+@\w[\w.-]*\.\w+$"#)

    static func matches(_ regex: NSRegularExpression?, _ text: String) -> Bool {
        regex?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    static func urlize(_ text: String, trimLimit: Int?, rel: String, target: String?, extraSchemes: [String]) -> String {
        let escaped = Escaping.escapeText(text)
        let relAttribute = rel.isEmpty ? "" : " rel=\"\(Escaping.escapeText(rel))\""
        let targetAttribute = target.map { " target=\"\(Escaping.escapeText($0))\"" } ?? ""
        func trim(_ url: String) -> String {
            guard let trimLimit, url.count > trimLimit else { return url }
            return String(url.prefix(trimLimit)) + "..."
        }
        // split keeping the whitespace runs
        var words: [String] = []
        var current = ""
        var inSpace = false
        for character in escaped {
            let space = character.isWhitespace
            if !current.isEmpty && space != inSpace { words.append(current); current = "" }
            current.append(character)
            inSpace = space
        }
        if !current.isEmpty { words.append(current) }
        return words.map { word -> String in
            if word.first?.isWhitespace == true { return word }
            var head = "", middle = word, tail = ""
            while true {
                if middle.hasPrefix("(") || middle.hasPrefix("<") { head.append(middle.removeFirst()); continue }
                if middle.hasPrefix("&lt;") { head += "&lt;"; middle.removeFirst(4); continue }
                break
            }
            while true {
                if let last = middle.last, ")>.,\n".contains(last) { tail = String(last) + tail; middle.removeLast(); continue }
                if middle.hasSuffix("&gt;") { tail = "&gt;" + tail; middle.removeLast(4); continue }
                break
            }
            for (open, close) in [("(", ")"), ("<", ">"), ("&lt;", "&gt;")] {
                let opens = middle.components(separatedBy: open).count - 1
                if opens <= middle.components(separatedBy: close).count - 1 { continue }
                for _ in 0..<min(opens, tail.components(separatedBy: close).count - 1) {
                    guard let range = tail.range(of: close) else { break }
                    middle += tail[..<range.upperBound]
                    tail = String(tail[range.upperBound...])
                }
            }
            if matches(http, middle) {
                if middle.hasPrefix("https://") || middle.hasPrefix("http://") {
                    middle = "<a href=\"\(middle)\"\(relAttribute)\(targetAttribute)>\(trim(middle))</a>"
                } else {
                    middle = "<a href=\"https://\(middle)\"\(relAttribute)\(targetAttribute)>\(trim(middle))</a>"
                }
            } else if middle.hasPrefix("mailto:"), matches(email, String(middle.dropFirst(7))) {
                middle = "<a href=\"\(middle)\">\(middle.dropFirst(7))</a>"
            } else if middle.contains("@"), !middle.hasPrefix("www."), !middle.hasPrefix("@"), !middle.contains(":"), matches(email, middle) {
                middle = "<a href=\"mailto:\(middle)\">\(middle)</a>"
            } else {
                for scheme in extraSchemes where middle != scheme && middle.hasPrefix(scheme) {
                    middle = "<a href=\"\(middle)\"\(relAttribute)\(targetAttribute)>\(middle)</a>"
                }
            }
            return head + middle + tail
        }.joined()
    }
}
