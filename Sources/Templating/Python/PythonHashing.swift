import BigInt

/// Python's `hash()` and the iteration order of Python's sets, which follows from it.
///
/// Strings hash as CPython 3.11 hashes them with `PYTHONHASHSEED=0` (SipHash-1-3 with a zero
/// key over the string's one-, two- or four-byte form): the reference randomises string hashes per
/// process, so any order is one it could print; this one is reproducible (divergence R13).
/// Objects, `None` and NaN hash by identity in CPython; here they get a stable stand-in.
package enum PythonHash {
    /// The type Python names when it refuses `value` as a set member or dict key
    /// (`unhashable type: 'list'`), or nil when the value is hashable.
    package static func unhashableType(_ value: Value) -> String? {
        switch value {
        case .list, .dict: return value.typeName
        case .tuple(let items):
            for item in items { if let name = unhashableType(item) { return name } }
            return nil
        // groupby's named tuples hash as their (grouper, list): never
        case .object(let group as GroupTuple): return unhashableType(.tuple([group.grouper, .list(group.list)]))
        case .object(let set as SetValue): return set.frozen ? nil : "set"
        case .object(let bytes as BytesValue): return bytes.mutable ? "bytearray" : nil
        case .object(let view as DictView): return view.typeName
        case .object(let slice) where slice.typeName == "slice": return "slice"
        default: return nil
        }
    }

    /// Throws Python's TypeError when `value` cannot be a set member or dict key.
    package static func check(_ value: Value) throws(TemplateError) {
        if let name = unhashableType(value) { throw .type("unhashable type: \(PythonString.repr(name))") }
    }

    /// `hash(value)` for a hashable value.
    static func hash(_ value: Value) -> Int {
        switch value {
        case .bool(let flag): return flag ? 1 : 0
        case .int(let number): return integerHash(BigInt(number))
        case .bigInt(let number): return integerHash(number)
        case .float(let number): return PythonBuiltins.floatHash(number) ?? 0x1F2E3D4C
        case .string(let text), .markup(let text): return stringHash(text)
        case .tuple(let items): return tupleHash(items.map(hash))
        case .object(let bytes as BytesValue): return bytesHash(bytes.bytes)
        // CPython hashes these singletons by address; within a page the address (so the low
        // twelve bits, which place them in tables of up to 4096 slots) is fixed by the build.
        case .none: return 8794834492350
        case .object(let object) where object is EllipsisValue: return 8794834492902
        case .object(let complex as ComplexNumber):
            // CPython: hash(real) + 1000003 * hash(imag), wrapped to a machine word
            let real = PythonBuiltins.floatHash(complex.real) ?? 0, imaginary = PythonBuiltins.floatHash(complex.imaginary) ?? 0
            let combined = real &+ 1000003 &* imaginary
            return combined == -1 ? -2 : combined
        case .undefined: return 0x5A5A5A5A
        case .range(let start, _, let step):
            // CPython hashes (len, start, step) with the tuple hash, start and step as None when unused
            let count = value.rangeCount
            if count == 0 { return tupleHash([integerHash(0), hash(.none), hash(.none)]) }
            if count == 1 { return tupleHash([integerHash(1), integerHash(BigInt(start)), hash(.none)]) }
            return tupleHash([integerHash(BigInt(count)), integerHash(BigInt(start)), integerHash(BigInt(step))])
        case .object(let set as SetValue) where set.frozen: return frozensetHash(set.items.map(hash))
        // a builtin class may be made more than once; it is still one object
        case .object(let function as FunctionObject) where function.printedAs?.hasPrefix("<class ") == true:
            return stringHash(function.printedAs ?? "") >> 4
        case .object(let object): return ObjectIdentifier(object).hashValue >> 4
        case .list, .dict: return 0
        }
    }

    /// CPython's frozenset hash: the members' hashes shuffled and xor-ed (so order does not
    /// matter), mixed with the count, then dispersed.
    static func frozensetHash(_ memberHashes: [Int]) -> Int {
        func shuffled(_ h: UInt64) -> UInt64 { ((h ^ 89869747) ^ (h << 16)) &* 3644798167 }
        var hash: UInt64 = 0
        for member in memberHashes { hash ^= shuffled(UInt64(bitPattern: Int64(member))) }
        hash ^= (UInt64(memberHashes.count) &+ 1) &* 1927868237
        hash ^= (hash >> 11) ^ (hash >> 25)
        hash = hash &* 69069 &+ 907133923
        if hash == UInt64.max { hash = 590923713 }
        return Int(Int64(bitPattern: hash))
    }

    /// An int's hash: its value modulo 2^61 - 1 with its sign, -1 taken as -2.
    static func integerHash(_ number: BigInt) -> Int {
        let modulus = BigUInt(1) << 61 - 1
        var reduced = Int(number.magnitude % modulus)
        if number.sign == .minus { reduced = -reduced }
        return reduced == -1 ? -2 : reduced
    }

    /// CPython's xxHash-based tuple hash over the items' hashes.
    static func tupleHash(_ lanes: [Int]) -> Int {
        let prime1: UInt64 = 11400714785074694791, prime2: UInt64 = 14029467366897019727, prime5: UInt64 = 2870177450012600261
        var accumulator = prime5
        for lane in lanes {
            accumulator = accumulator &+ UInt64(bitPattern: Int64(lane)) &* prime2
            accumulator = (accumulator << 31) | (accumulator >> 33)
            accumulator = accumulator &* prime1
        }
        accumulator = accumulator &+ (UInt64(lanes.count) ^ (prime5 ^ 3527539))
        if accumulator == UInt64.max { return 1546275796 }
        return Int(Int64(bitPattern: accumulator))
    }

    /// A str's hash: SipHash-1-3 over its narrowest fixed-width form (Latin-1, UCS-2 or UCS-4).
    static func stringHash(_ text: String) -> Int {
        let scalars = text.unicodeScalars.map(\.value)
        let width = scalars.max().map { $0 <= 0xFF ? 1 : ($0 <= 0xFFFF ? 2 : 4) } ?? 1
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * width)
        for scalar in scalars {
            for shift in 0..<width { bytes.append(UInt8(truncatingIfNeeded: scalar >> (8 * UInt32(shift)))) }
        }
        return bytesHash(bytes)
    }

    /// A bytes object's hash (the same function as a str's).
    static func bytesHash(_ bytes: [UInt8]) -> Int {
        if bytes.isEmpty { return 0 }
        let result = Int(Int64(bitPattern: sipHash13(bytes)))
        return result == -1 ? -2 : result
    }

    /// SipHash-1-3 with a zero key, as CPython 3.11 computes it.
    static func sipHash13(_ bytes: [UInt8]) -> UInt64 {
        var v0: UInt64 = 0x736f6d6570736575, v1: UInt64 = 0x646f72616e646f6d
        var v2: UInt64 = 0x6c7967656e657261, v3: UInt64 = 0x7465646279746573
        func rotate(_ x: UInt64, _ bits: UInt64) -> UInt64 { (x << bits) | (x >> (64 - bits)) }
        func round() {
            v0 = v0 &+ v1; v2 = v2 &+ v3
            v1 = rotate(v1, 13) ^ v0; v3 = rotate(v3, 16) ^ v2
            v0 = rotate(v0, 32)
            v2 = v2 &+ v1; v0 = v0 &+ v3
            v1 = rotate(v1, 17) ^ v2; v3 = rotate(v3, 21) ^ v0
            v2 = rotate(v2, 32)
        }
        var offset = 0
        while bytes.count - offset >= 8 {
            var word: UInt64 = 0
            for index in 0..<8 { word |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
            offset += 8
            v3 ^= word
            round()
            v0 ^= word
        }
        var last = UInt64(truncatingIfNeeded: bytes.count) << 56
        for index in 0..<(bytes.count - offset) { last |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        v3 ^= last
        round()
        v0 ^= last
        v2 ^= 0xff
        round(); round(); round()
        return (v0 ^ v1) ^ (v2 ^ v3)
    }
}

/// CPython's open-addressing set table, kept only to know the order a set iterates in: the
/// same probing, resizing and deletion marks as `Objects/setobject.c`, so `{'b', 'a', 1}` prints
/// in the order the reference prints it.
struct PythonSetTable: Sendable {
    enum Slot: Sendable {
        case empty, deleted
        case active(Value, Int)
    }
    private(set) var slots: [Slot] = Array(repeating: .empty, count: 8)
    private(set) var fill = 0
    private(set) var used = 0
    private var mask: Int { slots.count - 1 }
    private static let linearProbes = 9, perturbShift = 5

    init() {}

    /// The members in iteration order, each with its hash.
    var entries: [(Value, Int)] {
        slots.compactMap { if case .active(let value, let hash) = $0 { return (value, hash) } else { return nil } }
    }

    var members: [Value] { entries.map(\.0) }

    /// The slot holding a member equal to `value`, if any.
    func find(_ value: Value, _ hash: Int) -> Int? {
        var perturb = UInt(bitPattern: hash)
        var index = Int(UInt(bitPattern: hash) & UInt(mask))
        while true {
            var probes = index + Self.linearProbes <= mask ? Self.linearProbes : 0
            var position = index
            while true {
                switch slots[position] {
                case .empty: return nil
                case .active(let member, let memberHash) where memberHash == hash && Self.sameMember(member, value):
                    return position
                default: break
                }
                if probes == 0 { break }
                probes -= 1
                position += 1
            }
            perturb >>= UInt(Self.perturbShift)
            index = Int((UInt(index) &* 5 &+ 1 &+ perturb) & UInt(mask))
        }
    }

    func contains(_ value: Value) -> Bool { find(value, PythonHash.hash(value)) != nil }

    /// `set.add`: the new member goes in the first free or deleted slot of its probe sequence.
    mutating func add(_ value: Value, _ hash: Int) {
        var perturb = UInt(bitPattern: hash)
        var index = Int(UInt(bitPattern: hash) & UInt(mask))
        var freeSlot: Int?
        while true {
            var probes = index + Self.linearProbes <= mask ? Self.linearProbes : 0
            var position = index
            while true {
                switch slots[position] {
                case .empty:
                    if let freeSlot {
                        used += 1
                        slots[freeSlot] = .active(value, hash)
                        return
                    }
                    fill += 1
                    used += 1
                    slots[position] = .active(value, hash)
                    if fill * 5 >= mask * 3 { resize(used > 50000 ? used * 2 : used * 4) }
                    return
                case .active(let member, let memberHash):
                    if memberHash == hash && Self.sameMember(member, value) { return }
                case .deleted:
                    if freeSlot == nil { freeSlot = position }
                }
                if probes == 0 { break }
                probes -= 1
                position += 1
            }
            perturb >>= UInt(Self.perturbShift)
            index = Int((UInt(index) &* 5 &+ 1 &+ perturb) & UInt(mask))
        }
    }

    mutating func add(_ value: Value) { add(value, PythonHash.hash(value)) }

    /// Python's member test: identity, then `==`. Values here are copies, so a NaN stands for
    /// one NaN object (`[nan] * n` gives one member, not n that never match: R13).
    static func sameMember(_ a: Value, _ b: Value) -> Bool {
        if case .float(let x) = a, case .float(let y) = b, x.isNaN && y.isNaN { return true }
        return TemplateOperators.equal(a, b)
    }

    /// `set.discard`: the slot is marked deleted, as CPython marks it.
    @discardableResult
    mutating func discard(_ value: Value, _ hash: Int) -> Bool {
        guard let position = find(value, hash) else { return false }
        slots[position] = .deleted
        used -= 1
        return true
    }

    /// A table at least twice `minimumUsed`'s power of two, members re-inserted in slot order.
    mutating func resize(_ minimumUsed: Int) {
        var size = 8
        while size <= minimumUsed { size <<= 1 }
        let old = entries
        slots = Array(repeating: .empty, count: size)
        fill = old.count
        used = old.count
        for (value, hash) in old { insertClean(value, hash) }
    }

    /// Insertion into a table known to hold no equal member and no deleted slot.
    private mutating func insertClean(_ value: Value, _ hash: Int) {
        var perturb = UInt(bitPattern: hash)
        var index = Int(UInt(bitPattern: hash) & UInt(mask))
        while true {
            if case .empty = slots[index] { slots[index] = .active(value, hash); return }
            if index + Self.linearProbes <= mask {
                for step in 1...Self.linearProbes {
                    if case .empty = slots[index + step] { slots[index + step] = .active(value, hash); return }
                }
            }
            perturb >>= UInt(Self.perturbShift)
            index = Int((UInt(index) &* 5 &+ 1 &+ perturb) & UInt(mask))
        }
    }

    /// `set.update(other)` for another set (CPython's `set_merge`).
    mutating func merge(_ other: PythonSetTable) {
        guard other.used > 0 else { return }
        if (fill + other.used) * 5 >= mask * 3 { resize((used + other.used) * 2) }
        if fill == 0 && mask == other.mask && other.fill == other.used {
            slots = other.slots
            fill = other.fill
            used = other.used
            return
        }
        if fill == 0 {
            fill = other.used
            used = other.used
            for (value, hash) in other.entries { insertClean(value, hash) }
            return
        }
        for (value, hash) in other.entries { add(value, hash) }
    }

    /// `set.update(dict)`: one resize up front, then the keys in order.
    mutating func merge(keys: [Value]) {
        if (fill + keys.count) * 5 >= mask * 3 { resize((used + keys.count) * 2) }
        for key in keys { add(key) }
    }
}
