import BigInt

/// How values print: Python's `str()` and `repr()`, and the type names in error messages.
extension Value {
    /// `str(value)`; undefined prints as the empty string.
    public var printed: String {
        switch self {
        case .string(let text), .markup(let text): return text
        case .undefined: return ""
        case .object(let object): return object.printed
        default: return repr
        }
    }

    /// Appends `str(value)` to `text`, without an intermediate string for text and booleans.
    /// Python 3.11 refuses to write an int of more than 4,300 digits as text (ValueError), in
    /// `str()` and so in every template output; a list or dict holding one fails the same way.
    /// Nested repetitions (`[[0] * 2**20] * 2**20`) are cheap to hold and endless to print: text
    /// of more than 2^27 items (at least 2^28 bytes) is a MemoryError, as other results past
    /// that size are (divergence R10).
    public func checkPrintable() throws(TemplateError) {
        var budget = Self.printableItems
        try checkPrintable(&budget)
    }

    private static let printableItems = 1 << 27

    private func checkPrintable(_ budget: inout Int) throws(TemplateError) {
        budget -= 1
        if budget < 0 { throw TemplateError("MemoryError", "") }
        switch self {
        case .bigInt(let number):
            if number.magnitude >= Self.largestPrintable {
                throw .value("Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")
            }
        case .list(let items), .tuple(let items): for item in items { try item.checkPrintable(&budget) }
        case .dict(let dict): for (key, value) in dict.pairs { try key.checkPrintable(&budget); try value.checkPrintable(&budget) }
        // objects whose text shows their contents
        case .object(let namespace as NamespaceObject): for value in namespace.values.values { try value.checkPrintable(&budget) }
        case .object(let set as SetValue): for item in set.items { try item.checkPrintable(&budget) }
        case .object(let slice as SliceObject):
            for part in [slice.start, slice.stop, slice.step] { try part.checkPrintable(&budget) }
        case .object(let group as GroupTuple):
            try group.grouper.checkPrintable(&budget)
            for item in group.list { try item.checkPrintable(&budget) }
        default: break
        }
    }

    private static let largestPrintable = BigUInt(10).power(4300)

    func appendPrinted(to text: inout String) {
        switch self {
        case .string(let value), .markup(let value): text += value
        case .int(let value): text += PythonInt.decimal(value)
        case .bool(let value): text += value ? "True" : "False"
        case .undefined: break
        default: text += printed
        }
    }

    /// `repr(value)`.
    public var repr: String {
        switch self {
        case .none: return "None"
        case .bool(let value): return value ? "True" : "False"
        case .int(let value): return PythonInt.decimal(value)
        case .bigInt(let value): return value.description
        case .float(let value): return PythonFloat.repr(value)
        case .string(let text): return PythonString.repr(text)
        case .markup(let text): return "Markup(\(PythonString.repr(text)))"
        case .list(let items): return "[" + items.map(\.repr).joined(separator: ", ") + "]"
        case .tuple(let items):
            if items.count == 1 { return "(" + items[0].repr + ",)" }
            return "(" + items.map(\.repr).joined(separator: ", ") + ")"
        case .dict(let dict):
            return "{" + dict.pairs.map { "\($0.0.repr): \($0.1.repr)" }.joined(separator: ", ") + "}"
        case .range(let start, let stop, let step):
            return step == 1 ? "range(\(start), \(stop))" : "range(\(start), \(stop), \(step))"
        case .undefined: return "Undefined"
        case .object(let object): return object.representation
        }
    }

    /// Python's truth value; undefined is false.
    public var isTruthy: Bool {
        switch self {
        case .none, .undefined: return false
        case .bool(let value): return value
        case .int(let value): return value != 0
        case .bigInt: return true
        case .float(let value): return value != 0
        case .string(let text), .markup(let text): return !text.isEmpty
        case .list(let items), .tuple(let items): return !items.isEmpty
        case .dict(let dict): return dict.count > 0
        case .range: return rangeCount > 0
        case .object(let object): return object.isTruthy
        }
    }

    /// The Python type name (`int`, `str`, `list`, ...).
    /// `type(value).__name__`: the type's name without its module (`GenericAlias` for
    /// `types.GenericAlias`).
    public var className: String {
        let name = typeName
        return name.split(separator: ".").last.map(String.init) ?? name
    }

    public var typeName: String {
        switch self {
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int, .bigInt: return "int"
        case .float: return "float"
        case .string: return "str"
        case .markup: return "Markup"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        case .range: return "range"
        case .undefined: return "Undefined"
        case .object(let object): return object.typeName
        }
    }

    /// Jinja2's `object_type_repr`: `'dict object'`, `None` for None.
    public var objectTypeDescription: String {
        if case .none = self { return "None" }
        if case .markup = self { return "markupsafe.Markup object" }
        if case .object(let object) = self, let module = object.moduleName { return "\(module).\(typeName) object" }
        return "\(typeName) object"
    }

    /// Number of items of a range.
    var rangeCount: Int {
        guard case .range(let start, let stop, let step) = self, step != 0 else { return 0 }
        if step > 0 { return stop > start ? (stop - start + step - 1) / step : 0 }
        return start > stop ? (start - stop - step - 1) / -step : 0
    }
}

/// Decimal text of machine integers.
enum PythonInt {
    /// `String(value)` without its intermediate heap buffer: numbers up to 15 characters (all
    /// that templates print in practice) become small strings directly.
    static func decimal(_ value: Int) -> String {
        guard value > -100_000_000_000_000 && value < 1_000_000_000_000_000 else { return String(value) }
        var magnitude = value.magnitude
        var digits = 1
        var scan = magnitude
        while scan >= 10 { scan /= 10; digits += 1 }
        let length = digits + (value < 0 ? 1 : 0)
        return String(unsafeUninitializedCapacity: length) { buffer in
            var index = length - 1
            repeat {
                buffer[index] = UInt8(truncatingIfNeeded: 48 + magnitude % 10)
                magnitude /= 10
                index -= 1
            } while magnitude > 0
            if value < 0 { buffer[0] = 45 }
            return length
        }
    }
}
