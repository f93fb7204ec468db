import Templating
import ConfigLanguage

/// The size functions (`align_size`, `pow2_size`, `size_is_aligned`, `size_is_pow2`), the
/// enum formatters and the device queries.
extension ScriptRuntime {
    /// A size from "WIDTHxHEIGHT" (or "WIDTH") text or a tuple.
    static func dimensions(_ value: Value, _ function: String) throws(TemplateError) -> [Int] {
        switch value {
        case .string(let text):
            var result: [Int] = []
            for part in text.lowercased().split(separator: "x", omittingEmptySubsequences: false) {
                guard let number = Int(PythonSplitting.strip(String(part))) else {
                    throw .value("Dimensions must consist of integer values.")
                }
                result.append(number)
            }
            return result
        case .tuple(let items):
            return try items.map { (item) throws(TemplateError) -> Int in
                guard let number = integer(item) else { throw .type("unsupported operand type(s) for %: '\(item.typeName)' and 'int'") }
                return number
            }
        default:
            throw TemplateError("BatchProcessError", "Unsupported type passed to \(function).")
        }
    }

    static func sizeResult(_ size: [Int], format: Value) -> Value {
        format.isTruthy ? .string(size.map(String.init).joined(separator: "x")) : .tuple(size.map { .int($0) })
    }

    /// Python's `%` on ints: the sign of the divisor.
    static func modulo(_ a: Int, _ b: Int) -> Int {
        let r = a % b
        return r != 0 && (r < 0) != (b < 0) ? r + b : r
    }

    func installSizeFunctions() {
        register("align_size") { arguments throws(TemplateError) in
            guard let align = Self.integer(arguments[1]) else { throw .type("'<' not supported between instances of '\(arguments[1].typeName)' and 'int'") }
            guard align >= 1 else { throw TemplateError("BatchProcessError", "Argument \"align\" of align_size may not be less than 1.") }
            let size = try Self.dimensions(arguments[0], "align_size")
            return Self.sizeResult(size.map { $0 - Self.modulo($0, align) }, format: arguments[2])
        }
        register("pow2_size") { arguments throws(TemplateError) in
            let size = try Self.dimensions(arguments[0], "pow2_size").map { number -> Int in
                guard number > 0 else { return 0 }
                var lower = 1
                while lower * 2 <= number { lower *= 2 }
                let higher = lower * 2
                return number - lower < higher - number ? lower : higher
            }
            return Self.sizeResult(size, format: arguments[1])
        }
        register("size_is_aligned") { arguments throws(TemplateError) in
            guard let align = Self.integer(arguments[1]) else { throw .type("'<' not supported between instances of '\(arguments[1].typeName)' and 'int'") }
            guard align >= 1 else { throw TemplateError("BatchProcessError", "Argument \"align\" of size_is_aligned may not be less than 1.") }
            return .bool(try Self.dimensions(arguments[0], "size_is_aligned").allSatisfy { Self.modulo($0, align) == 0 })
        }
        register("size_is_pow2") { arguments throws(TemplateError) in
            .bool(try Self.dimensions(arguments[0], "size_is_pow2").allSatisfy { $0 > 0 && $0 & ($0 - 1) == 0 })
        }
        register("format_model_type") { arguments throws(TemplateError) in
            .string(try Self.enumText(arguments[0], "ModelType", Self.modelTypes))
        }
        register("format_dtype") { arguments throws(TemplateError) in
            .string(try Self.enumText(arguments[0], "DataType", ["auto", "float16", "float32", "bfloat16"]))
        }
        register("have_feature") { arguments throws(TemplateError) in
            let known = ["ncnn", "gpt4all", "bitsandbytes", "flash-attn", "xformers", "triton"]
            let name = arguments[0].printed
            guard known.contains(name) else {
                throw TemplateError("BatchProcessError", "Feature \"\(name)\" is not a known feature flag, acceptable values are: \(Self.oxfordComma(known, "or"))")
            }
            return .bool(false)
        }
        let physicalMemory = host.physicalMemory
        register("total_memory") { arguments throws(TemplateError) in
            let units: [String: Double] = ["b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824]
            let unit = arguments[1].printed.lowercased()
            guard let divisor = units[unit] else { throw TemplateError("KeyError", PythonString.repr(unit)) }
            let device = arguments[0].isNone ? "cpu" : arguments[0].printed
            guard device == "cpu" else { return .int(0) }
            let bytes = Double(physicalMemory())
            return divisor == 1 ? .int(Int(bytes)) : .float(bytes / divisor)
        }
    }

    static let modelTypes = [
        "sd", "pix2pix", "sdxl", "kolors", "if", "ifs", "ifs-img2img", "sdxl-pix2pix", "upscaler-x2", "upscaler-x4",
        "s-cascade", "s-cascade-decoder", "sd3", "sd3-pix2pix", "flux", "flux-fill", "flux-kontext",
    ]

    /// The command-line text of an enum member (or of its name given as text).
    static func enumText(_ value: Value, _ enumName: String, _ known: [String]) throws(TemplateError) -> String {
        let text: String
        if case .object(let object) = value, let member = object as? EnumMember, member.enumName == enumName {
            text = member.name.lowercased().replacingOccurrences(of: "_", with: "-")
        } else {
            text = PythonSplitting.strip(value.printed).lowercased()
        }
        guard known.contains(text) else { throw TemplateError("ValueError", "invalid \(enumName) string: \(value.printed)") }
        return text
    }
}
