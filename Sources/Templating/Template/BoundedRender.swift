/// Rendering a template whose cost its own text bounds, for an editor that evaluates what it can
/// of a script before it runs: literals, names, operators, tests, a list of cheap filters,
/// `range()` of a small literal, and loops at most two deep. A template that calls anything
/// else, or whose context holds large values, is not rendered; neither is output past a limit.
extension TemplateEnvironment {
    /// `source` rendered with `context` when its cost is bounded; nil when it may not be, when
    /// it does not compile or fails, or when its output passes `outputLimit` bytes.
    public func renderBounded(_ source: String, context: [String: Value], outputLimit: Int = 1 << 20) -> String? {
        guard context.values.allSatisfy({ $0.isSmall() }),
              let (nodes, _) = try? TemplateParser.parse(source), BoundedTemplate.allows(nodes, loops: 0),
              let template = try? compile(source, lowering: false) else { return nil }
        var output = ""
        do {
            try render(template, context: context) { (piece: String) throws(TemplateError) in
                output += piece
                if output.utf8.count > outputLimit { throw TemplateError("MemoryError", "") }
            }
        } catch {
            return nil
        }
        return output
    }
}

extension Value {
    /// Whether the value holds at most `items` items and `bytes` bytes of text, counted
    /// through its containers; objects other than plain values count as too large.
    public func isSmall(items: Int = 1_000, bytes: Int = 1 << 20) -> Bool {
        var budget = (items: items, bytes: bytes)
        return fits(&budget)
    }

    private func fits(_ budget: inout (items: Int, bytes: Int)) -> Bool {
        budget.items -= 1
        guard budget.items >= 0 else { return false }
        switch self {
        case .none, .bool, .int, .float: return true
        case .string(let text), .markup(let text):
            budget.bytes -= text.utf8.count
            return budget.bytes >= 0
        case .list(let items), .tuple(let items): return items.allSatisfy { $0.fits(&budget) }
        case .dict(let dict): return dict.pairs.allSatisfy { $0.0.fits(&budget) && $0.1.fits(&budget) }
        default: return false
        }
    }
}

/// Which template trees `renderBounded` renders.
enum BoundedTemplate {
    /// Filters whose cost is linear in their input and whose arguments set no size.
    static let filters: Set<String> = [
        "abs", "capitalize", "count", "d", "default", "dictsort", "e", "escape", "first", "float",
        "int", "items", "join", "last", "length", "list", "lower", "max", "min", "replace", "reverse",
        "round", "sort", "string", "sum", "title", "trim", "unique", "upper",
    ]
    /// The largest literal `range()` may count to.
    static let rangeLimit = 1_000

    static func allows(_ nodes: [Node], loops: Int) -> Bool {
        nodes.allSatisfy { node in
            switch node {
            case .output, .ifBlock, .assign, .with, .scope:
                break
            case .forLoop(let target, _, _, _, _, let recursive, _):
                guard !recursive, loops < 2, case .name = target else { return false }
                return node.expressions.dropFirst().allSatisfy(allows) && node.bodies.allSatisfy { allows($0, loops: loops + 1) }
            default:
                return false
            }
            if case .assign(let target, _, _) = node, !isPlainTarget(target) { return false }
            if case .with(let pairs, _, _) = node, !pairs.allSatisfy({ isPlainTarget($0.0) }) { return false }
            return node.expressions.allSatisfy(allows) && node.bodies.allSatisfy { allows($0, loops: loops) }
        }
    }

    private static func isPlainTarget(_ target: Expr) -> Bool {
        switch target {
        case .name: return true
        case .tuple(let items, _): return items.allSatisfy(isPlainTarget)
        default: return false
        }
    }

    static func allows(_ expression: Expr) -> Bool {
        switch expression {
        case .failing, .namespaceRef: return false
        case .binary(let op, _, _, _) where op == .pow: return false
        case .filter(_, let name, _, _) where !filters.contains(name.text): return false
        case .call(let function, let call, _):
            // only range() of small literals
            guard case .name(let name, _) = function, name.text == "range", call.keywords.isEmpty, call.star == nil,
                  call.doubleStar == nil, (1...3).contains(call.arguments.count) else { return false }
            return call.arguments.allSatisfy { argument in
                if case .constant(.int(let count), _) = argument { return abs(count) <= rangeLimit }
                return false
            }
        default: break
        }
        return expression.children.allSatisfy(allows)
    }
}
