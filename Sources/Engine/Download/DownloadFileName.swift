import Foundation

/// The file name a download gets, as dgenerate names it: the `Content-Disposition` header's
/// `filename*` or `filename` (RFC 6266, continuations included), else the last part of the URL's
/// path (after redirects), else `unknown-UUID`; slashes and backslashes become underscores.
enum DownloadFileName {
    static func name(contentDisposition: String?, url: String) -> String {
        if let header = contentDisposition, let name = fromHeader(header), !name.isEmpty {
            return secure(name)
        }
        if let path = URLComponents(string: url)?.percentEncodedPath ?? URL(string: url)?.path,
           let last = path.split(separator: "/", omittingEmptySubsequences: false).last, !last.isEmpty {
            return secure(String(last))
        }
        return "unknown-\(UUID().uuidString.lowercased())"
    }

    private static func secure(_ name: String) -> String {
        name.replacingOccurrences(of: "\\", with: "_").replacingOccurrences(of: "/", with: "_")
    }

    /// The parameters of a `Content-Disposition` value, names lowercased, in order; nil when the
    /// header does not parse (the URL then names the file).
    static func parameters(_ header: String) -> [(name: String, value: String)]? {
        var scanner = Substring(header)
        func skipSpaces() { scanner = scanner.drop { $0 == " " || $0 == "\t" } }
        func token() -> Substring {
            let end = scanner.firstIndex { $0 == ";" || $0 == "=" || $0 == " " || $0 == "\t" || $0 == "\"" } ?? scanner.endIndex
            defer { scanner = scanner[end...] }
            return scanner[..<end]
        }
        skipSpaces()
        guard !token().isEmpty else { return nil }
        var parameters: [(String, String)] = []
        while true {
            skipSpaces()
            if scanner.isEmpty { return parameters }
            guard scanner.first == ";" else { return nil }
            scanner = scanner.dropFirst()
            skipSpaces()
            if scanner.isEmpty { return parameters }
            let name = token()
            skipSpaces()
            guard !name.isEmpty, scanner.first == "=" else { return nil }
            scanner = scanner.dropFirst()
            skipSpaces()
            var value = ""
            if scanner.first == "\"" {
                scanner = scanner.dropFirst()
                var closed = false
                while let character = scanner.first {
                    scanner = scanner.dropFirst()
                    if character == "\\", let escaped = scanner.first { value.append(escaped); scanner = scanner.dropFirst(); continue }
                    if character == "\"" { closed = true; break }
                    value.append(character)
                }
                guard closed else { return nil }
            } else {
                value = String(token())
                guard !value.isEmpty else { return nil }
            }
            parameters.append((name.lowercased(), value))
        }
    }

    /// `charset'language'percent-encoded` (RFC 5987); nil for an unknown charset or bad encoding.
    static func extendedValue(_ value: String) -> String? {
        let parts = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        let charset = parts[0].lowercased()
        var bytes: [UInt8] = []
        var rest = parts[2].utf8[...]
        while let byte = rest.first {
            rest = rest.dropFirst()
            if byte == UInt8(ascii: "%") {
                guard rest.count >= 2, let high = hexValue(rest.first!), let low = hexValue(rest.dropFirst().first!) else { return nil }
                bytes.append(high << 4 | low)
                rest = rest.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        switch charset {
        case "utf-8": return String(validating: bytes, as: UTF8.self)
        case "iso-8859-1":
            let text = String(bytes.map { Character(Unicode.Scalar($0)) })
            // control characters are not valid ISO-8859-1 text
            return bytes.contains { $0 < 32 || (127..<160).contains($0) } ? nil : text
        default: return nil
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The file name a header gives: `filename*`, `filename`, then `filename*0*`/`filename*0` with
    /// their continuations.
    static func fromHeader(_ header: String) -> String? {
        guard let parameters = parameters(header) else { return nil }
        func value(_ name: String) -> String? {
            guard let raw = parameters.first(where: { $0.name == name })?.value else { return nil }
            return name.hasSuffix("*") ? extendedValue(raw) : raw
        }
        if let name = value("filename*"), !name.isEmpty { return name }
        if let name = value("filename"), !name.isEmpty { return name }
        for first in ["filename*0*", "filename*0"] {
            guard var name = value(first), !name.isEmpty else { continue }
            var index = 1
            while let next = value("filename*\(index)*") ?? value("filename*\(index)") {
                name += next
                index += 1
            }
            return name
        }
        return nil
    }
}
