/// Lists in the reference's messages: `a`, `a or b`, `a, b, or c`.
package enum EnglishList {
    package static func joined(_ items: [String], _ conjunction: String) -> String {
        guard let last = items.last else { return "" }
        switch items.count {
        case 1: return last
        case 2: return "\(items[0]) \(conjunction) \(last)"
        default: return items.dropLast().joined(separator: ", ") + ", \(conjunction) " + last
        }
    }
}
