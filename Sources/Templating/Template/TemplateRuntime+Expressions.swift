/// Expression evaluation.
extension TemplateRuntime {
    func evaluate(_ expr: Expr) throws(TemplateError) -> Value {
        switch expr {
        case .constant(let value, _): return value
        case .failing(let error, _, _, _): throw error
        case .name(let name, _): return lookup(name)
        case .namespaceRef(let name, let attribute, _): return try getattr(lookup(name), attribute)
        case .list(let items, _): return .list(try items.map { (item) throws(TemplateError) -> Value in try evaluate(item) })
        case .tuple(let items, _): return .tuple(try items.map { (item) throws(TemplateError) -> Value in try evaluate(item) })
        case .dict(let pairs, _):
            // Python evaluates every key and value of a dict display before it hashes a key
            var evaluated: [(Value, Value)] = []
            evaluated.reserveCapacity(pairs.count)
            for (key, value) in pairs { evaluated.append((try evaluate(key), try evaluate(value))) }
            var dict = ValueDict()
            for (key, value) in evaluated {
                if let unhashable = PythonHash.unhashableType(key) { throw .type("unhashable type: \(PythonString.repr(unhashable))") }
                dict[key] = value
            }
            return .dict(dict)
        case .unary(let op, let operand, _):
            let value = try evaluate(operand)
            switch op {
            case .not: return .bool(!value.isTruthy)
            case .neg: return try TemplateOperators.negate(value)
            default: return try TemplateOperators.positive(value)
            }
        case .binary(let op, let lhs, let rhs, _):
            let left = try evaluate(lhs)
            if op == .and { return left.isTruthy ? try evaluate(rhs) : left }
            if op == .or { return left.isTruthy ? left : try evaluate(rhs) }
            return try TemplateOperators.binary(op, left, try evaluate(rhs))
        case .concat(let items, _):
            var text = ""
            for item in items {
                let value = try evaluate(item)
                text += autoescape ? Escaping.escape(value) : value.printed
            }
            return autoescape ? .markup(text) : .string(text)
        case .compare(let first, let operations, _):
            var left = try evaluate(first)
            for (op, expr) in operations {
                let right = try evaluate(expr)
                if !(try TemplateOperators.compare(op, left, right)) { return .bool(false) }
                left = right
            }
            return .bool(true)
        case .condition(let test, let then, let otherwise, _):
            if try evaluate(test).isTruthy { return try evaluate(then) }
            if let otherwise { return try evaluate(otherwise) }
            return .undefined(Undefined(name: nil, ownerType: nil, hint: "the inline if-expression on line \(expr.line) evaluated to false and no else section was defined."))
        case .getattr(let object, let name, _):
            return try getattr(try evaluate(object), name)
        case .getitem(let object, let index, _):
            let container = try evaluate(object)
            if case .slice(let start, let stop, let step, _) = index {
                return try TemplateSlicing.slice(
                    container, try start.map { (e) throws(TemplateError) -> Value in try evaluate(e) },
                    try stop.map { (e) throws(TemplateError) -> Value in try evaluate(e) },
                    try step.map { (e) throws(TemplateError) -> Value in try evaluate(e) })
            }
            return try getitem(container, try evaluate(index))
        case .slice:
            throw .type("slice used outside a subscript")
        case .call(let callee, let call, _):
            if case .getattr(let object, let method, _) = callee, let result = try callMutatingMethod(object, method, call) {
                return result
            }
            let function = try evaluate(callee)
            var arguments = try evaluateArguments(call)
            do throws(TemplateError) {
                return try self.call(function, &arguments)
            } catch where error.kind == "StopIteration" {
                // Jinja2's Context.call turns a StopIteration into an undefined value
                return .undefined(Undefined(name: nil, ownerType: nil, hint: "value was undefined because a callable raised a StopIteration exception"))
            }
        case .filter(let input, let name, let call, _):
            let value = try input.map { (e) throws(TemplateError) -> Value in try evaluate(e) } ?? .none
            return try callFilter(name, value, call)
        case .test(let input, let name, let call, _):
            // an unknown test fails when called, after its operands (as Jinja2's stand-in does)
            let value = try evaluate(input)
            var arguments = try evaluateArguments(call)
            guard let test = name.symbol < tests.count ? tests[name.symbol]?.call : environment.tests[name.text] else {
                if let refusal = standInRefusal("t", name, arguments) { throw refusal }
                throw TemplateError("TemplateRuntimeError", "No test named \(PythonString.repr(name.text)) found.")
            }
            return .bool(try test(value, &arguments, self))
        }
    }

    func evaluateArguments(_ call: CallSyntax) throws(TemplateError) -> CallArguments {
        var arguments = CallArguments()
        for expr in call.arguments { arguments.positional.append(try evaluate(expr)) }
        if let star = call.star { arguments.positional += try TemplateOperators.iterate(try evaluate(star)) }
        for (name, expr) in call.keywords { arguments.keywords.append((name, try evaluate(expr))) }
        if let doubleStar = call.doubleStar {
            guard case .dict(let dict) = try evaluate(doubleStar) else { throw .type("argument after ** must be a mapping") }
            for (key, value) in dict.pairs { arguments.keywords.append((key.printed, value)) }
        }
        return arguments
    }

    func callFilter(_ name: Name, _ value: Value, _ call: CallSyntax) throws(TemplateError) -> Value {
        // The environment's table covers every name interned before the render began; a name
        // interned since (by another template) is looked up by text.
        var arguments = try evaluateArguments(call)
        guard let filter = name.symbol < filters.count ? filters[name.symbol]?.call : environment.filters[name.text] else {
            if let refusal = standInRefusal("f", name, arguments) { throw refusal }
            throw TemplateError("TemplateRuntimeError", "No filter named \(PythonString.repr(name.text)) found.")
        }
        return try filter(value, &arguments, self)
    }

    package func call(_ function: Value, _ arguments: inout CallArguments) throws(TemplateError) -> Value {
        switch function {
        case .object(let object):
            guard let callable = object.callable else {
                throw .type("\(PythonString.repr(object.typeName)) object is not callable")
            }
            return try callable.body(&arguments, self)
        case .undefined(let undefined):
            throw .undefined(undefined.message)
        default:
            throw .type("\(PythonString.repr(function.typeName)) object is not callable")
        }
    }

    /// Jinja2's `getattr`: the attribute (methods included), else the item of that name.
    package func getattr(_ object: Value, _ name: String) throws(TemplateError) -> Value {
        if case .undefined(let undefined) = object {
            // Undefined's own class and the methods it defines are real attributes; anything
            // else fails
            if name == "__class__" { return .object(TypeObject(name: "Undefined")) }
            if let method = Self.undefinedMethod(name) { return method }
            throw .undefined(undefined.message)
        }
        if let attribute = TemplateMethods.attribute(of: object, name) { return attribute }
        if let item = item(object, .string(name)) { return item }
        return .undefined(Undefined(name: .string(name), ownerType: object.objectTypeDescription))
    }

    /// The methods Jinja2's Undefined defines (as an empty, false, text-less value).
    private static func undefinedMethod(_ name: String) -> Value? {
        let result: Value
        switch name {
        case "__len__": result = .int(0)
        case "__str__": result = .string("")
        case "__repr__": result = .string("Undefined")
        case "__bool__": result = .bool(false)
        case "__iter__": result = .object(IteratorValue(kind: "iterator", []))
        default: return nil
        }
        return .object(FunctionObject(name, printedAs: "<bound method Undefined.\(name) of Undefined>", attributeLookup: nil) {
            (_: inout CallArguments, _: TemplateRuntime) throws(TemplateError) -> Value in result
        })
    }

    /// Jinja2's `getitem`: the item, else (for a string key) the attribute of that name.
    func getitem(_ object: Value, _ key: Value) throws(TemplateError) -> Value {
        if case .undefined(let undefined) = object { throw .undefined(undefined.message) }
        if let item = item(object, key) { return item }
        if case .string(let name) = key, let attribute = TemplateMethods.attribute(of: object, name) {
            return attribute
        }
        var undefined = Undefined(name: key.key, ownerType: object.objectTypeDescription)
        undefined.shownName = key.repr
        return .undefined(undefined)
    }

    /// `object[key]`, nil when Python would raise.
    package func item(_ object: Value, _ key: Value) -> Value? {
        if case .object(let slice as SliceObject) = key {
            return try? TemplateSlicing.slice(object, slice.start, slice.stop, slice.step)
        }
        switch object {
        case .dict(let dict): return dict[key]
        case .list(let items), .tuple(let items):
            guard let index = TemplateSlicing.index(key, count: items.count) else { return nil }
            return items[index]
        case .string(let text), .markup(let text):
            // Python indexes code points
            let scalars = Array(text.unicodeScalars)
            guard let index = TemplateSlicing.index(key, count: scalars.count) else { return nil }
            return .string(String(scalars[index]))
        case .range:
            guard let items = try? TemplateOperators.iterate(object), let index = TemplateSlicing.index(key, count: items.count) else { return nil }
            return items[index]
        case .object(let bytes as BytesValue):
            guard let index = TemplateSlicing.index(key, count: bytes.bytes.count) else { return nil }
            return .int(Int(bytes.bytes[index]))
        case .object(let group as GroupTuple):
            // a named tuple indexes as a tuple
            if let item = item(.tuple(group.items), key) { return item }
            if case .string(let name) = key { return group.attribute(name) }
            return nil
        case .object(let payload):
            // a builtin class subscripted is a GenericAlias (`list['x']`, also as Jinja2's
            // attribute fallback)
            if let alias = GenericAliasObject.subscripted(object, key) { return alias }
            if case .string(let name) = key { return payload.attribute(name) }
            return nil
        default: return nil
        }
    }
}

/// Indexing and slicing with Python's rules (negative indices, steps).
package enum TemplateSlicing {
    package static func index(_ key: Value, count: Int) -> Int? {
        let raw: Int
        switch key {
        case .int(let value): raw = value
        case .bool(let flag): raw = flag ? 1 : 0
        default: return nil
        }
        let index = raw < 0 ? raw + count : raw
        return index >= 0 && index < count ? index : nil
    }

    static func bound(_ value: Value?, _ name: String) throws(TemplateError) -> Int? {
        switch value {
        case nil, .none?: return nil
        case .int(let number)?: return number
        case .bool(let flag)?: return flag ? 1 : 0
        // as Python clips a slice bound outside 64 bits
        case .bigInt(let number)?: return number < 0 ? Int.min : Int.max
        default: throw .type("slice indices must be integers or None or have an __index__ method")
        }
    }

    /// Python's `slice.indices(count)`: the first index, the bound and the step.
    static func sliceIndices(count: Int, _ start: Value?, _ stop: Value?, _ step: Value?) throws(TemplateError) -> (Int, Int, Int) {
        let stride = try bound(step, "step") ?? 1
        guard stride != 0 else { throw .value("slice step cannot be zero") }
        func clamp(_ value: Int?, _ defaultValue: Int, low: Int, high: Int) -> Int {
            guard var value else { return defaultValue }
            if value < 0 { value += count }
            return min(max(value, low), high)
        }
        if stride > 0 {
            return (clamp(try bound(start, "start"), 0, low: 0, high: count), clamp(try bound(stop, "stop"), count, low: 0, high: count), stride)
        }
        return (clamp(try bound(start, "start"), count - 1, low: -1, high: count - 1), clamp(try bound(stop, "stop"), -1, low: -1, high: count - 1), stride)
    }

    /// The indices `items[start:stop:step]` selects.
    static func indices(count: Int, _ start: Value?, _ stop: Value?, _ step: Value?) throws(TemplateError) -> [Int] {
        let (begin, end, stride) = try sliceIndices(count: count, start, stop, step)
        var result: [Int] = []
        if stride > 0 {
            var index = begin
            while index < end {
                result.append(index)
                let (next, overflow) = index.addingReportingOverflow(stride)
                if overflow { break }
                index = next
            }
        } else {
            var index = begin
            while index > end {
                result.append(index)
                let (next, overflow) = index.addingReportingOverflow(stride)
                if overflow { break }
                index = next
            }
        }
        return result
    }

    package static func slice(_ container: Value, _ start: Value?, _ stop: Value?, _ step: Value?) throws(TemplateError) -> Value {
        switch container {
        case .list(let items): return .list(try indices(count: items.count, start, stop, step).map { items[$0] })
        case .tuple(let items): return .tuple(try indices(count: items.count, start, stop, step).map { items[$0] })
        case .string(let text), .markup(let text):
            let scalars = Array(text.unicodeScalars)
            var picked = ""
            for index in try indices(count: scalars.count, start, stop, step) { picked.unicodeScalars.append(scalars[index]) }
            if case .markup = container { return .markup(picked) }
            return .string(picked)
        case .range(let first, _, let rangeStep):
            // a slice of a range is a range (Python: range(1, 10, 3)[1:] is range(4, 10, 3))
            let (begin, end, stride) = try sliceIndices(count: container.rangeCount, start, stop, step)
            let (newStart, a) = begin.multipliedReportingOverflow(by: rangeStep)
            let (newStop, b) = end.multipliedReportingOverflow(by: rangeStep)
            let (newStep, c) = rangeStep.multipliedReportingOverflow(by: stride)
            let (shiftedStart, d) = first.addingReportingOverflow(newStart)
            let (shiftedStop, e) = first.addingReportingOverflow(newStop)
            guard !(a || b || c || d || e) else {
                let items = try TemplateOperators.iterate(container)
                return .list(try indices(count: items.count, start, stop, step).map { items[$0] })
            }
            return .range(start: shiftedStart, stop: shiftedStop, step: newStep)
        case .object(let bytes as BytesValue):
            return .object(BytesValue(try indices(count: bytes.bytes.count, start, stop, step).map { bytes.bytes[$0] }, mutable: bytes.mutable))
        case .object(let group as GroupTuple):
            // a named tuple's slice is a plain tuple
            return try slice(.tuple(group.items), start, stop, step)
        case .object(let array as ArrayValueObject):
            return array.picking(try indices(count: array.elements.count, start, stop, step))
        case .undefined(let undefined): throw .undefined(undefined.message)
        // Python 3.11's slices are unhashable: a mapping fails on the key before the lookup
        case .dict: throw .type("unhashable type: 'slice'")
        default:
            let slice = Value.object(SliceObject(start: start ?? .none, stop: stop ?? .none, step: step ?? .none))
            if let alias = GenericAliasObject.subscripted(container, slice) { return alias }
            if let message = GenericAliasObject.notGenericMessage(container) { throw .type(message) }
            if let typeName = PythonBuiltins.className(ofTypeObject: container) { throw .type("type '\(typeName)' is not subscriptable") }
            throw .type("\(PythonString.repr(container.typeName)) object is not subscriptable")
        }
    }
}
