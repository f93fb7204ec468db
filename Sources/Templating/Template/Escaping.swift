/// markupsafe's HTML escaping.
enum Escaping {
    static func escapeText(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// `escape(value)`: markup stays as is, everything else is printed and escaped.
    static func escape(_ value: Value) -> String {
        if case .markup(let text) = value { return text }
        return escapeText(value.printed)
    }
}
