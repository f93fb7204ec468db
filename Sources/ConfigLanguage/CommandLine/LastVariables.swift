import BigInt
import Templating

/// The `last_*` template variables an invocation leaves behind: for every option, its
/// variable (`CommandOption.lastVariable`) holds the value the invocation ran with, typed as the
/// variable's annotation says (`[4.0, 7.5]`, `(64, 64)`, `<ModelType.SD: 0>`); options not
/// given keep the variable's value from before any invocation (`TemplateVariableCatalogue`),
/// except where the reference's check fills in a default (`--pag` alone gets its scales).
public enum LastVariables {
    /// The enum members of `--model-type` values, numbered as dgenerate numbers them.
    static let modelTypeMembers: [String: (String, Int)] = [
        "sd": ("SD", 0), "pix2pix": ("PIX2PIX", 1), "sdxl": ("SDXL", 2), "if": ("IF", 3), "ifs": ("IFS", 4),
        "ifs-img2img": ("IFS_IMG2IMG", 5), "sdxl-pix2pix": ("SDXL_PIX2PIX", 6), "upscaler-x2": ("UPSCALER_X2", 7),
        "upscaler-x4": ("UPSCALER_X4", 8), "s-cascade": ("S_CASCADE", 9), "sd3": ("SD3", 11),
        "sd3-pix2pix": ("SD3_PIX2PIX", 12), "flux": ("FLUX", 13), "flux-fill": ("FLUX_FILL", 14),
        "flux-kontext": ("FLUX_KONTEXT", 15), "kolors": ("KOLORS", 16),
    ]
    static let dataTypeMembers: [String: (String, Int)] = [
        "auto": ("AUTO", 0), "float16": ("FLOAT16", 1), "float32": ("FLOAT32", 2), "bfloat16": ("BFLOAT16", 3),
    ]

    /// The variables for an invocation's options (words by dest), by variable name.
    public static func values(_ options: [String: [String]]) -> [String: Value] {
        var result: [String: Value] = [:]
        for option in OptionCatalogue.options {
            guard let variable = option.lastVariable, let words = options[option.dest], let type = TemplateVariableCatalogue.byName[variable]?.type else { continue }
            result[variable] = value(words, type: type, dest: option.dest)
        }
        // image seeds without strengths run at dgenerate's default strength
        if options["image_seeds"] != nil && options["image_seed_strengths"] == nil {
            result["last_image_seed_strengths"] = .list([.float(0.8)])
        }
        // the reference's check gives --pag its default scales when none are given
        if options["pag"] != nil && options["pag_scales"] == nil && options["pag_adaptive_scales"] == nil {
            result["last_pag_scales"] = .list([.float(3.0)])
            result["last_pag_adaptive_scales"] = .list([.float(0.0)])
        }
        return result
    }

    /// The words of one option as a value of the annotated type.
    static func value(_ words: [String], type: String, dest: String) -> Value {
        if type.contains("bool") { return .bool(true) }
        if type == "<enum 'ModelType'>" {
            let key = PythonSplitting.strip(words.first ?? "").lowercased()
            let member = modelTypeMembers[key] ?? ("SD", 0)
            return .object(EnumMember("ModelType", member.0, member.1))
        }
        if type == "<enum 'DataType'>" {
            let member = dataTypeMembers[PythonSplitting.strip(words.first ?? "").lowercased()] ?? ("AUTO", 0)
            return .object(EnumMember("DataType", member.0, member.1))
        }
        let isSequence = type.contains("Sequence[") || type.contains("Collection[")
        let element = isSequence ? elementType(of: type) : type
        let items = words.map { item($0, element) }
        if isSequence { return .list(items) }
        return items.first ?? .none
    }

    /// The annotation of a sequence's items (`int` from `...Sequence[int]]`).
    static func elementType(of type: String) -> String {
        guard let open = type.range(of: "Sequence[") ?? type.range(of: "Collection[") else { return type }
        var depth = 1
        var index = open.upperBound
        while index < type.endIndex {
            if type[index] == "[" { depth += 1 }
            if type[index] == "]" {
                depth -= 1
                if depth == 0 { break }
            }
            index = type.index(after: index)
        }
        return String(type[open.upperBound..<index])
    }

    /// One word as a value of the item annotation.
    static func item(_ word: String, _ type: String) -> Value {
        if type.contains("dgenerate.prompt.Prompt") { return .object(PromptObject(word)) }
        let numbers = word.split(separator: word.contains("x") ? "x" : ",", omittingEmptySubsequences: false).map { PythonSplitting.strip(String($0)) }
        if type.contains("tuple[int, int]") && !type.hasPrefix("int") {
            let ints = numbers.compactMap(OptionValueType.int)
            if ints.count == 1 { return .tuple([Value.integer(ints[0]), Value.integer(ints[0])]) }
            return .tuple(ints.map(Value.integer))
        }
        if type.hasPrefix("tuple[float") {
            return .tuple(numbers.map { .float(OptionValueType.float($0) ?? 0) })
        }
        if type.hasPrefix("int |") {
            // a padding: one number, or a tuple of two or four
            let ints = numbers.compactMap(OptionValueType.int)
            return ints.count == 1 ? .integer(ints[0]) : .tuple(ints.map(Value.integer))
        }
        if type.hasPrefix("collections.abc.Sequence[float] | str") || type.hasPrefix("collections.abc.Sequence[int]") {
            // sigmas: a list of numbers, or an expression kept as text
            let floats = word.split(separator: ",").map { OptionValueType.float(PythonSplitting.strip(String($0))) }
            if type.contains("float"), floats.allSatisfy({ $0 != nil }) { return .list(floats.map { .float($0!) }) }
            if !type.contains("float") { return .list(word.split(separator: ",").compactMap { OptionValueType.int(String($0)) }.map(Value.integer)) }
            return .string(word)
        }
        switch type {
        case "int", "typing.Optional[int]", "<class 'int'>":
            return OptionValueType.int(word).map(Value.integer) ?? .string(word)
        case "float", "typing.Optional[float]", "<class 'float'>":
            return OptionValueType.float(word).map(Value.float) ?? .string(word)
        case "typing.Optional[tuple[int, int]]":
            return item(word, "tuple[int, int]")
        default:
            return .string(word)
        }
    }
}
