/// Characters by their Unicode names, for Python's `\N{NAME}` escape.
enum UnicodeNames {
    /// Every assigned name and name alias, upper-cased, built on first use (a pass over all
    /// code points, so scripts that never write `\N{...}` do not pay for it).
    private static let table: [String: Unicode.Scalar] = {
        var names: [String: Unicode.Scalar] = [:]
        names.reserveCapacity(300_000)
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if let name = scalar.properties.name { names[name] = scalar }
            if let alias = scalar.properties.nameAlias, names[alias] == nil { names[alias] = scalar }
        }
        return names
    }()

    /// The character named `name` (case-insensitive, as Python looks names up), or nil.
    static func scalar(named name: String) -> Unicode.Scalar? {
        table[name.uppercased()]
    }
}
