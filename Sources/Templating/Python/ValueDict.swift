import BigInt

extension Value {
    /// A hashable form of a value for dict keys and sets, with Python's equalities:
    /// `1 == 1.0 == True`, tuples by content.
    public indirect enum Key: Hashable, Sendable {
        case none
        case int(BigInt)
        case float(Double)
        case string(String)
        case tuple([Key])
        /// Bytes hash by content.
        case bytes([UInt8])
        /// Ranges are equal when they hold the same numbers: (count, first, step) with the
        /// unused parts zero.
        case range(Int, Int, Int)
        /// Objects hash by identity.
        case object(ObjectIdentifier)
        /// Every NaN: one key, as one NaN object repeated is in Python (R13).
        case nan

        /// Python's `repr` of the key, for messages.
        public var repr: String {
            switch self {
            case .none: return "None"
            case .int(let value): return value.description
            case .float(let value): return PythonFloat.repr(value)
            case .string(let value): return PythonString.repr(value)
            case .tuple(let items): return Value.tuple(items.map(\.value)).repr
            case .bytes, .range: return value.repr
            case .object: return "<object>"
            case .nan: return "nan"
            }
        }

        /// The key as a value.
        public var value: Value {
            switch self {
            case .none: return .none
            case .int(let value): return .integer(value)
            case .float(let value): return .float(value)
            case .string(let value): return .string(value)
            case .tuple(let items): return .tuple(items.map(\.value))
            case .bytes(let bytes): return .object(BytesValue(bytes))
            case .range(let count, let start, let step): return .range(start: start, stop: start &+ count &* step, step: step == 0 ? 1 : step)
            case .object: return .none
            case .nan: return .float(.nan)
            }
        }
    }

    /// The value's key, or nil when it is unhashable (lists, dicts), as Python refuses them.
    public var key: Key? {
        switch self {
        case .none: return Key.none
        case .bool(let value): return .int(value ? 1 : 0)
        case .int(let value): return .int(BigInt(value))
        case .bigInt(let value): return .int(value)
        case .float(let value):
            if value.isFinite, value == value.rounded(), let exact = BigInt(exactly: value) { return .int(exact) }
            return value.isNaN ? .nan : .float(value)
        case .string(let value), .markup(let value): return .string(value)
        case .tuple(let items):
            var keys: [Key] = []
            for item in items {
                guard let key = item.key else { return nil }
                keys.append(key)
            }
            return .tuple(keys)
        case .object(let bytes as BytesValue) where !bytes.mutable: return .bytes(bytes.bytes)
        case .object(let object):
            if PythonHash.unhashableType(self) != nil { return nil }
            return .object(ObjectIdentifier(object))
        case .undefined: return Key.none
        case .range(let start, _, let step):
            let count = rangeCount
            return .range(count, count == 0 ? 0 : start, count < 2 ? 0 : step)
        case .list, .dict: return nil
        }
    }
}

/// An insertion-ordered dictionary, as Python's `dict`.
public struct ValueDict: Sendable {
    public private(set) var keys: [Value] = []
    public private(set) var values: [Value] = []
    package var index: [Value.Key: Int] = [:]

    public init() {}

    public init(_ pairs: [(Value, Value)]) {
        for (key, value) in pairs { self[key] = value }
    }

    public var count: Int { keys.count }

    public subscript(key: Value) -> Value? {
        get {
            guard let hashed = key.key, let position = index[hashed] else { return nil }
            return values[position]
        }
        set {
            guard let hashed = key.key else { return }
            if let position = index[hashed] {
                if let newValue { values[position] = newValue } else { remove(at: position) }
            } else if let newValue {
                index[hashed] = keys.count
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    public subscript(string key: String) -> Value? {
        get { self[.string(key)] }
        set { self[.string(key)] = newValue }
    }

    private mutating func remove(at position: Int) {
        keys.remove(at: position)
        values.remove(at: position)
        index = [:]
        for (offset, key) in keys.enumerated() { if let hashed = key.key { index[hashed] = offset } }
    }

    /// (key, value) pairs in insertion order.
    public var pairs: [(Value, Value)] { Array(zip(keys, values)) }
}
