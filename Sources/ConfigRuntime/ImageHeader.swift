import Foundation
import Templating
import ConfigLanguage

/// Image dimensions read from a file's header (PNG, JPEG, GIF, BMP, WebP), for `image_size()`;
/// the pixels are not decoded.
enum ImageHeader {
    enum Failure: Error {
        case missing(Int32)
        case notAnImage
    }

    static func size(ofFileAt path: String, in files: FileSystem) throws(Failure) -> (width: Int, height: Int) {
        guard !files.isDirectory(path), let data = files.read(path, upTo: 1 << 16) else {
            throw .missing(files.isDirectory(path) ? EISDIR : (files.exists(path) ? EACCES : ENOENT))
        }
        func be16(_ i: Int) -> Int { Int(data[i]) << 8 | Int(data[i + 1]) }
        func be32(_ i: Int) -> Int { be16(i) << 16 | be16(i + 2) }
        func le16(_ i: Int) -> Int { Int(data[i]) | Int(data[i + 1]) << 8 }
        func le32(_ i: Int) -> Int { le16(i) | le16(i + 2) << 16 }
        if data.count >= 24, data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return (be32(16), be32(20))
        }
        if data.count >= 10, data.starts(with: Array("GIF8".utf8)) {
            return (le16(6), le16(8))
        }
        if data.count >= 26, data.starts(with: Array("BM".utf8)) {
            return (le32(18), abs(Int(Int32(bitPattern: UInt32(le32(22))))))
        }
        if data.count >= 30, data.starts(with: Array("RIFF".utf8)), Array(data[8..<12]) == Array("WEBP".utf8) {
            switch String(decoding: data[12..<16], as: UTF8.self) {
            case "VP8 ": return (le16(26) & 0x3FFF, le16(28) & 0x3FFF)
            case "VP8L":
                let bits = le32(21)
                return ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
            case "VP8X": return ((Int(data[24]) | Int(data[25]) << 8 | Int(data[26]) << 16) + 1,
                                 (Int(data[27]) | Int(data[28]) << 8 | Int(data[29]) << 16) + 1)
            default: throw .notAnImage
            }
        }
        if data.count >= 4, data[0] == 0xFF, data[1] == 0xD8 {
            // walk the JPEG segments to a start-of-frame marker
            var i = 2
            while i + 9 < data.count {
                guard data[i] == 0xFF else { break }
                let marker = data[i + 1]
                if (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker) {
                    return (be16(i + 7), be16(i + 5))
                }
                i += 2 + be16(i + 2)
            }
        }
        throw .notAnImage
    }
}

extension ScriptRuntime {
    func installImageFunctions() {
        register("image_size") { arguments throws(TemplateError) in
            let file = arguments[0].printed
            do throws(ImageHeader.Failure) {
                let size = try ImageHeader.size(ofFileAt: self.host.workingDirectory.resolve(file), in: self.host.files)
                return Self.sizeResult([size.width, size.height], format: arguments[1])
            } catch {
                switch error {
                case .missing(let code): throw TemplateError("FileNotFoundError", PythonErrors.osError(code, file))
                case .notAnImage: throw TemplateError("UnidentifiedImageError", "cannot identify image file \(PythonString.repr(file))")
                }
            }
        }
        register("format_prompt") { arguments throws(TemplateError) in
            func single(_ prompt: Value) throws(TemplateError) -> String {
                let text = prompt.printed
                guard !text.isEmpty else {
                    throw TemplateError("BatchProcessError", "Attempt to format a prompt with no positive prompt value.")
                }
                return ShellQuoting.quote(text, double: false, quotes: true)
            }
            if case .string = arguments[0] { return .string(try single(arguments[0])) }
            var parts: [String] = []
            for prompt in try TemplateOperators.iterate(arguments[0]) { parts.append(try single(prompt)) }
            return .string(parts.joined(separator: " "))
        }
    }
}
