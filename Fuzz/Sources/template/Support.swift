import BigInt
import ConfigLanguage

final class Silent: ScriptOutput, @unchecked Sendable {
    func standardOutput(_ text: String) {}
    func standardError(_ text: String) {}
}

enum BigIntText {
    static let value = BigInt(2).power(100) + 1
}
