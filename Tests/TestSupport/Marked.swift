/// Test texts with position markers: `1️⃣` ... `9️⃣` mark places (by UTF-8 offset) and are
/// removed from the text, so that a test writes `\se1️⃣t x 1` instead of counting bytes.
public struct Marked: Sendable {
    public let text: String
    /// The UTF-8 offset of each marker.
    public let offsets: [Int: Int]

    public init(_ marked: String) {
        var text = "", offsets: [Int: Int] = [:]
        var scalars = Array(marked.unicodeScalars)[...]
        while let scalar = scalars.first {
            scalars = scalars.dropFirst()
            if ("1"..."9").contains(scalar), scalars.first == "\u{FE0F}", scalars.dropFirst().first == "\u{20E3}" {
                offsets[Int(scalar.value) - 0x30] = text.utf8.count
                scalars = scalars.dropFirst(2)
                continue
            }
            text.unicodeScalars.append(scalar)
        }
        self.text = text
        self.offsets = offsets
    }

    /// The offset of marker `number` (-1 when the text has none).
    public subscript(_ number: Int) -> Int { offsets[number] ?? -1 }
}
