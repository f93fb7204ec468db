import Templating

/// A prompt as the `last_*prompts` variables hold it (dgenerate's `Prompt`): `.positive` and
/// `.negative` (None when not given), `.delimiter`, and `str()` as the reference writes it,
/// `positive; negative`.
final class PromptObject: TemplateObject, @unchecked Sendable {
    let positive: String?
    let negative: String?

    init(_ text: String) {
        let prompt = PlanPrompt(text)
        positive = prompt.positive
        negative = prompt.negative
    }

    var typeName: String { "Prompt" }
    var moduleName: String? { "dgenerate.prompt" }

    var printed: String {
        let positive = self.positive ?? "", negative = self.negative ?? ""
        if !positive.isEmpty && !negative.isEmpty { return "\(positive); \(negative)" }
        if !positive.isEmpty { return positive }
        if !negative.isEmpty { return ";" + negative }
        return ""
    }

    var representation: String { "'\(printed)'" }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "positive": return positive.map(Value.string) ?? Value.none
        case "negative": return negative.map(Value.string) ?? Value.none
        case "delimiter": return .string(";")
        case "weighter", "upscaler": return Value.none
        case "embedded_args": return .list([])
        default: return nil
        }
    }
}
