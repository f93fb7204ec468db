/// Reduces an RGB image to at most 256 colours for GIF by median cut: the colour box with the
/// widest channel range is split at its median until there are 256 boxes (or no box can be
/// split), each colour then maps to its box's mean. Images of 256 colours or fewer keep them
/// exactly.
enum PaletteQuantizer {
    static func quantize(_ image: RGBImage) -> (indices: [UInt8], palette: [UInt32]) {
        let count = image.width * image.height
        var colours: [UInt32] = []
        colours.reserveCapacity(count)
        for p in 0..<count {
            colours.append(UInt32(image.pixels[p * 3]) << 16 | UInt32(image.pixels[p * 3 + 1]) << 8 | UInt32(image.pixels[p * 3 + 2]))
        }
        var histogram: [UInt32: Int] = [:]
        for colour in colours { histogram[colour, default: 0] += 1 }
        var palette: [UInt32]
        var lookup: [UInt32: UInt8] = [:]
        if histogram.count <= 256 {
            palette = histogram.keys.sorted()
            for (index, colour) in palette.enumerated() { lookup[colour] = UInt8(index) }
        } else {
            var boxes: [[(colour: UInt32, count: Int)]] = [histogram.map { ($0.key, $0.value) }]
            // each box's widest channel, worked out once when the box is made
            var widest = [widestChannel(boxes[0])]
            while boxes.count < 256 {
                // the box with the widest channel, split at the median of its pixels
                guard let index = widest.indices.max(by: { widest[$0].range < widest[$1].range }), widest[index].range > 0 else { break }
                let channel = widest[index].channel
                let sorted = boxes[index].sorted { channelValue($0.colour, channel) < channelValue($1.colour, channel) }
                let total = sorted.reduce(0) { $0 + $1.count }
                var running = 0, split = 1
                for (position, entry) in sorted.enumerated() {
                    running += entry.count
                    if running * 2 >= total { split = max(1, min(position + 1, sorted.count - 1)); break }
                }
                boxes[index] = Array(sorted[..<split])
                boxes.append(Array(sorted[split...]))
                widest[index] = widestChannel(boxes[index])
                widest.append(widestChannel(boxes[boxes.count - 1]))
            }
            palette = []
            for (index, box) in boxes.enumerated() {
                let total = max(box.reduce(0) { $0 + $1.count }, 1)
                var sums = [0, 0, 0]
                for entry in box { for c in 0..<3 { sums[c] += Int(channelValue(entry.colour, c)) * entry.count } }
                let mean = sums.map { UInt32(($0 + total / 2) / total) }
                palette.append(mean[0] << 16 | mean[1] << 8 | mean[2])
                for entry in box { lookup[entry.colour] = UInt8(index) }
            }
        }
        palette += Array(repeating: 0, count: 256 - palette.count)
        return (colours.map { lookup[$0] ?? 0 }, palette)
    }

    /// The channel whose values spread most in a box, and the spread (0 for one colour).
    static func widestChannel(_ box: [(colour: UInt32, count: Int)]) -> (channel: Int, range: UInt32) {
        guard box.count > 1 else { return (0, 0) }
        var best = (channel: 0, range: UInt32(0))
        for channel in 0..<3 {
            let values = box.map { channelValue($0.colour, channel) }
            let range = (values.max() ?? 0) - (values.min() ?? 0)
            if range > best.range { best = (channel, range) }
        }
        return best
    }

    static func channelValue(_ colour: UInt32, _ channel: Int) -> UInt32 { colour >> UInt32(16 - 8 * channel) & 0xFF }
}
