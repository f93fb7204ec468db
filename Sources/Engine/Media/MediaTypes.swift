import ConfigLanguage

/// How dgenerate identifies an image seed's file before reading it: by its extension's media
/// type (Python's `mimetypes` table and dgenerate's additions, `MediaTypes+Table.swift`), with
/// its messages for a type it cannot read.
public enum MediaTypes {
    /// The media type of `path` by its extension; nil when the extension says nothing.
    public static func guess(_ path: String) -> String? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = String(name[dot...])
        return byExtension[ext] ?? byExtension[ext.lowercased()] ?? extra[ext]
    }

    /// Whether dgenerate reads this media type (`video/*` accepts every video type).
    public static func isAccepted(_ type: String) -> Bool {
        accepted.contains(type) || (type.hasPrefix("video/") && accepted.contains("video/*"))
    }

    /// Whether the type is one dgenerate reads as a video.
    public static func isVideo(_ type: String) -> Bool { type.hasPrefix("video/") }

    /// The reference's refusal of a file it cannot identify or read; nil when accepted.
    public static func refusal(_ path: String) -> String? {
        guard let type = guess(path) else { return "Mimetype could not be determined for file \"\(path)\". Expected: \(expected)" }
        return isAccepted(type) ? nil : "Unknown mimetype \"\(type)\" for file \"\(path)\". Expected: \(expected)"
    }

    /// The accepted types as the refusals list them.
    static var expected: String { EnglishList.joined(accepted, "or") }
}
