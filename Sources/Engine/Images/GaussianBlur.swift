import Foundation

/// Pillow's `GaussianBlur` on an 8-bit single-channel image: three passes of a box blur with a
/// fractional radius (the extended box blur that approximates a Gaussian of the radius), rows
/// first, then columns, with the edge pixels repeated past the border; the fixed-point weights
/// computed in single precision as Pillow computes them.
enum GaussianBlur {
    /// The box radius whose three passes approximate a Gaussian of `radius`.
    static func boxRadius(_ radius: Float, passes: Int = 3) -> Float {
        let sigma2 = radius * radius / Float(passes)
        let length = Float((Double(12 * sigma2 + 1)).squareRoot())
        let whole = Float((Double((length - 1) / 2)).rounded(.down))
        var fraction = (2 * whole + 1) * (whole * (whole + 1) - 3 * sigma2)
        fraction /= 6 * (sigma2 - (whole + 1) * (whole + 1))
        return whole + fraction
    }

    /// One pass along a line: the sum over the box's whole pixels, plus its two partly covered
    /// pixels at the fractional weight.
    static func blurLine(_ line: [UInt8], radius: Float) -> [UInt8] {
        let whole = Int(radius)
        let weight = UInt64(Float(1 << 24) / (radius * 2 + 1))
        let fractional = ((1 << 24) - UInt64(2 * whole + 1) * weight) / 2
        let count = line.count
        func at(_ index: Int) -> UInt64 { UInt64(line[min(max(index, 0), count - 1)]) }
        var out = [UInt8](repeating: 0, count: count)
        for x in 0..<count {
            var sum: UInt64 = 0
            for index in (x - whole)...(x + whole) { sum += at(index) }
            let total = sum * weight + (at(x - whole - 1) + at(x + whole + 1)) * fractional + (1 << 23)
            out[x] = UInt8(truncatingIfNeeded: min(total >> 24, 255))
        }
        return out
    }

    /// `values` (rows of `width`) blurred with Pillow's Gaussian of `radius`.
    static func blur(_ values: [UInt8], width: Int, height: Int, radius: Float, passes: Int = 3) -> [UInt8] {
        guard width > 0, height > 0, values.count == width * height, radius > 0 else { return values }
        let box = boxRadius(radius, passes: passes)
        var image = values
        for _ in 0..<passes {
            for y in 0..<height {
                let row = blurLine(Array(image[(y * width)..<((y + 1) * width)]), radius: box)
                image.replaceSubrange((y * width)..<((y + 1) * width), with: row)
            }
        }
        for _ in 0..<passes {
            for x in 0..<width {
                let column = blurLine((0..<height).map { image[$0 * width + x] }, radius: box)
                for y in 0..<height { image[y * width + x] = column[y] }
            }
        }
        return image
    }
}
