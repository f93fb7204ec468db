/// Scripts with position markers: `1️⃣` ... `9️⃣` mark UTF-8 offsets and are removed.
struct Marked {
    let text: String
    let offsets: [Int: Int]

    init(_ marked: String) {
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

    subscript(_ marker: Int) -> Int { offsets[marker] ?? -1 }
}
