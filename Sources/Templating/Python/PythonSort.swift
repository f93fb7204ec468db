/// Python's `list.sort`/`sorted`: stable, `reverse` done by reversing before and after (so
/// equal items keep their order), and the comparisons made in CPython's order (runs found
/// by `count_run`, extended by binary insertion), so mixed types fail with the same pair
/// in the message as the reference's.
enum PythonSort {
    /// `items` ordered by `keys` (one key per item) with Python's `<`.
    static func sorted(_ items: [Value], keys: [Value], reverse: Bool) throws(TemplateError) -> [Value] {
        var pairs = Array(zip(keys, items))
        if reverse { pairs.reverse() }
        func less(_ a: (Value, Value), _ b: (Value, Value)) throws(TemplateError) -> Bool {
            try TemplateOperators.compare(.lt, a.0, b.0)
        }
        var runs: [[(Value, Value)]] = []
        let minimumRun = minimumRunLength(pairs.count)
        var start = 0
        while start < pairs.count {
            var length = try countRun(&pairs, start, less)
            if length < minimumRun {
                let forced = min(minimumRun, pairs.count - start)
                try binaryInsertion(&pairs, start, start + forced, start + length, less)
                length = forced
            }
            runs.append(Array(pairs[start..<start + length]))
            start += length
        }
        while runs.count > 1 {
            let right = runs.removeLast(), left = runs.removeLast()
            runs.append(try merge(left, right, less))
        }
        var result = (runs.first ?? []).map(\.1)
        if reverse { result.reverse() }
        return result
    }

    /// `sorted(items)` with the items as their own keys.
    static func sorted(_ items: [Value], reverse: Bool = false) throws(TemplateError) -> [Value] {
        try sorted(items, keys: items, reverse: reverse)
    }

    private typealias Less = ((Value, Value), (Value, Value)) throws(TemplateError) -> Bool

    private static func minimumRunLength(_ count: Int) -> Int {
        var n = count, extra = 0
        while n >= 64 { extra |= n & 1; n >>= 1 }
        return n + extra
    }

    /// The run starting at `start`: ascending, or strictly descending (then reversed in place).
    private static func countRun(_ pairs: inout [(Value, Value)], _ start: Int, _ less: Less) throws(TemplateError) -> Int {
        var index = start + 1
        guard index < pairs.count else { return 1 }
        if try less(pairs[index], pairs[index - 1]) {
            index += 1
            while index < pairs.count, try less(pairs[index], pairs[index - 1]) { index += 1 }
            pairs[start..<index].reverse()
        } else {
            index += 1
            while index < pairs.count, !(try less(pairs[index], pairs[index - 1])) { index += 1 }
        }
        return index - start
    }

    /// CPython's `binarysort`: `low..<sortedEnd` is sorted; insert the rest up to `high`.
    private static func binaryInsertion(_ pairs: inout [(Value, Value)], _ low: Int, _ high: Int, _ sortedEnd: Int, _ less: Less) throws(TemplateError) {
        for next in sortedEnd..<high {
            let pivot = pairs[next]
            var left = low, right = next
            repeat {
                let middle = left + (right - left) >> 1
                if try less(pivot, pairs[middle]) { right = middle } else { left = middle + 1 }
            } while left < right
            pairs.remove(at: next)
            pairs.insert(pivot, at: left)
        }
    }

    private static func merge(_ left: [(Value, Value)], _ right: [(Value, Value)], _ less: Less) throws(TemplateError) -> [(Value, Value)] {
        var result: [(Value, Value)] = []
        result.reserveCapacity(left.count + right.count)
        var i = 0, j = 0
        while i < left.count && j < right.count {
            if try less(right[j], left[i]) { result.append(right[j]); j += 1 } else { result.append(left[i]); i += 1 }
        }
        result += left[i...]
        result += right[j...]
        return result
    }
}
