import ConfigLanguage
import Templating

/// The signature of the template function being called at an offset.
public struct SignatureHelp: Sendable, Equatable {
    /// The signature as the catalogue writes it: `align_size(size: str | tuple, align: int, ...)`.
    public let label: String
    public let parameters: [String]
    /// The argument being typed (0-based).
    public let activeParameter: Int
    /// What the function does.
    public let documentation: String?
}

extension ScriptAnalysis {
    /// The catalogue function whose call encloses `offset` inside `{{ }}` or `{% %}`, if any.
    public func signatureHelp(at offset: Int) -> SignatureHelp? {
        guard let (model, logical) = statement(at: offset), let logical,
              let region = model.regions.first(where: { $0.kind != .comment && $0.inner.contains(logical) || $0.inner.upperBound == logical })
        else { return nil }
        guard let call = Self.innermostCall(model.bytes, from: region.inner.lowerBound, to: logical),
              let signature = FunctionCatalogue.parsedSignatures[call.name], let label = FunctionCatalogue.signatureByName[call.name]
        else { return nil }
        return SignatureHelp(label: label, parameters: signature.parameterNames, activeParameter: call.commas,
                             documentation: FunctionCatalogue.documentation[call.name])
    }

    /// The name before the innermost `(` still open at `end`, and the commas after it at its
    /// depth; strings are skipped.
    static func innermostCall(_ bytes: [UInt8], from start: Int, to end: Int) -> (name: String, commas: Int)? {
        var open: [(name: String, commas: Int)] = []
        var index = start, quote: UInt8? = nil
        while index < end && index < bytes.count {
            let byte = bytes[index]
            if let q = quote {
                if byte == 0x5C { index += 1 } else if byte == q { quote = nil }
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == 0x28 {
                open.append((name(before: index, in: bytes, from: start), 0))
            } else if byte == 0x29 {
                _ = open.popLast()
            } else if byte == 0x2C, !open.isEmpty {
                open[open.count - 1].commas += 1
            }
            index += 1
        }
        guard let call = open.last, !call.name.isEmpty else { return nil }
        return call
    }

    /// The identifier that ends just before `index` (spaces between allowed).
    private static func name(before index: Int, in bytes: [UInt8], from start: Int) -> String {
        var end = index
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        var begin = end
        while begin > start, let scalar = Unicode.Scalar(UInt32(bytes[begin - 1])),
              bytes[begin - 1] < 0x80, scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
            begin -= 1
        }
        return String(decoding: bytes[begin..<end], as: UTF8.self)
    }
}
