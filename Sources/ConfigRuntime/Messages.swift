/// The reference's message formatting: lines joined with spaces, `WARNING: ` prefixes, and
/// underlines of `=` as long as the longest line (capped at the text wrap width).
enum Messages {
    /// The text wrap width: `COLUMNS` when set (the reference falls back to 150).
    static func wrapWidth(_ environment: EnvironmentStore) -> Int {
        environment.columns ?? 150
    }

    static func underline(_ text: String, width: Int, character: Character = "=") -> String {
        let longest = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.unicodeScalars.count }.max() ?? 0
        return text + "\n" + String(repeating: character, count: min(longest, width))
    }
}

extension ScriptRuntime {
    /// `messages.log(*parts)`: the parts joined by spaces, on standard output.
    func log(_ parts: String..., underline: Bool = false) {
        log(parts, underline: underline)
    }

    func log(_ parts: [String], underline: Bool = false) {
        let text = parts.joined(separator: " ")
        host.output.standardOutput((underline ? Messages.underline(text, width: Messages.wrapWidth(host.environment)) : text) + "\n")
    }

    func warning(_ text: String, underline: Bool = false) {
        log(["WARNING: " + text], underline: underline)
    }

    func errorMessage(_ text: String) {
        host.output.standardError(text + "\n")
    }
}

import Foundation
import ConfigLanguage
