import Foundation

/// Resizing 8-bit images exactly as Pillow's `Image.resize` does (its separable convolution
/// with fixed-point coefficients: a horizontal pass, then a vertical one), so that images
/// resized here feed the model the same pixels as the reference's.
public enum ImageResampling: Sendable {
    case nearest, bicubic, lanczos

    /// dgenerate's choice for a resize from `old` to `new` (width, height): bicubic when
    /// enlarging by less than 3 times, Lanczos when enlarging more or shrinking, nearest when
    /// the size does not change.
    public static func best(from old: (Int, Int), to new: (Int, Int)) -> ImageResampling {
        let scale = min(Double(new.0) / Double(old.0), Double(new.1) / Double(old.1))
        if scale > 1 { return scale < 3 ? .bicubic : .lanczos }
        return scale < 1 ? .lanczos : .nearest
    }

    var support: Double {
        switch self {
        case .nearest: 0.5
        case .bicubic: 2
        case .lanczos: 3
        }
    }

    func weight(_ x: Double) -> Double {
        switch self {
        case .nearest:
            return x >= -0.5 && x < 0.5 ? 1 : 0
        case .bicubic:
            let a = -0.5, x = abs(x)
            if x < 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
            if x < 2 { return (((x - 5) * x + 8) * x - 4) * a }
            return 0
        case .lanczos:
            guard x >= -3, x < 3 else { return 0 }
            return Self.sinc(x) * Self.sinc(x / 3)
        }
    }

    static func sinc(_ x: Double) -> Double {
        guard x != 0 else { return 1 }
        let scaled = x * Double.pi
        return Foundation.sin(scaled) / scaled
    }

    /// Fractional bits of the fixed-point coefficients (Pillow's 8-bit precision).
    static let precisionBits = 32 - 8 - 2

    /// For each output position, the first input position it reads and its fixed-point
    /// coefficients.
    func coefficients(inputSize: Int, outputSize: Int) -> [(first: Int, weights: [Int32])] {
        let scale = Double(inputSize) / Double(outputSize)
        let filterScale = max(scale, 1)
        let support = self.support * filterScale
        var result: [(first: Int, weights: [Int32])] = []
        result.reserveCapacity(outputSize)
        for position in 0..<outputSize {
            let center = (Double(position) + 0.5) * scale
            // C's truncating casts, as Pillow rounds its bounds
            let first = max(Int(center - support + 0.5), 0)
            let end = min(Int(center + support + 0.5), inputSize)
            var weights: [Double] = []
            var total = 0.0
            for x in first..<max(end, first) {
                let w = weight((Double(x) - center + 0.5) / filterScale)
                weights.append(w)
                total += w
            }
            if total != 0 { weights = weights.map { $0 / total } }
            let unit = Double(1 << Self.precisionBits)
            result.append((first, weights.map { Int32($0 < 0 ? -0.5 + $0 * unit : 0.5 + $0 * unit) }))
        }
        return result
    }

    /// Pillow's nearest resize (its affine scaling): each output pixel takes the input pixel
    /// under its centre, the positions accumulated step by step in doubles as Pillow adds them
    /// (so a centre that lands on a whole number may fall just below it, as there).
    static func nearestNeighbour(_ pixels: [UInt8], width: Int, height: Int, channels: Int, to newWidth: Int, _ newHeight: Int) -> [UInt8] {
        func positions(_ input: Int, _ output: Int) -> [Int] {
            let step = Double(input) / Double(output)
            var position = step * 0.5
            return (0..<output).map { _ in
                defer { position += step }
                return min(max(Int(position), 0), input - 1)
            }
        }
        let columns = positions(width, newWidth), rows = positions(height, newHeight)
        var out = [UInt8](repeating: 0, count: newWidth * newHeight * channels)
        for (y, sourceY) in rows.enumerated() {
            for (x, sourceX) in columns.enumerated() {
                for c in 0..<channels { out[(y * newWidth + x) * channels + c] = pixels[(sourceY * width + sourceX) * channels + c] }
            }
        }
        return out
    }

    static func clip8(_ sum: Int64) -> UInt8 {
        if sum >= Int64(1) << (precisionBits + 8) { return 255 }
        if sum <= 0 { return 0 }
        return UInt8(sum >> Int64(precisionBits))
    }

    /// `pixels` (rows of `width` pixels of `channels` bytes) resized to `newWidth` x `newHeight`.
    public func resize(_ pixels: [UInt8], width: Int, height: Int, channels: Int, to newWidth: Int, _ newHeight: Int) -> [UInt8] {
        guard width > 0, height > 0, newWidth > 0, newHeight > 0, pixels.count == width * height * channels else { return [] }
        if self == .nearest { return Self.nearestNeighbour(pixels, width: width, height: height, channels: channels, to: newWidth, newHeight) }
        var current = pixels, currentWidth = width
        if newWidth != width {
            let table = coefficients(inputSize: width, outputSize: newWidth)
            var out = [UInt8](repeating: 0, count: newWidth * height * channels)
            for y in 0..<height {
                for (x, entry) in table.enumerated() {
                    for c in 0..<channels {
                        var sum = Int64(1) << Int64(Self.precisionBits - 1)
                        for (k, w) in entry.weights.enumerated() {
                            sum += Int64(current[(y * width + entry.first + k) * channels + c]) * Int64(w)
                        }
                        out[(y * newWidth + x) * channels + c] = Self.clip8(sum)
                    }
                }
            }
            current = out
            currentWidth = newWidth
        }
        if newHeight != height {
            let table = coefficients(inputSize: height, outputSize: newHeight)
            var out = [UInt8](repeating: 0, count: currentWidth * newHeight * channels)
            for (y, entry) in table.enumerated() {
                for x in 0..<currentWidth {
                    for c in 0..<channels {
                        var sum = Int64(1) << Int64(Self.precisionBits - 1)
                        for (k, w) in entry.weights.enumerated() {
                            sum += Int64(current[((entry.first + k) * currentWidth + x) * channels + c]) * Int64(w)
                        }
                        out[(y * currentWidth + x) * channels + c] = Self.clip8(sum)
                    }
                }
            }
            current = out
        }
        return current
    }
}

extension RGBImage {
    /// This image at `width` x `height` through `filter` (dgenerate's choice when nil); the
    /// same image when the size does not change.
    public func resized(to width: Int, _ height: Int, filter: ImageResampling? = nil) -> RGBImage {
        guard width != self.width || height != self.height else { return self }
        let filter = filter ?? .best(from: (self.width, self.height), to: (width, height))
        return RGBImage(width: width, height: height,
                        pixels: filter.resize(pixels, width: self.width, height: self.height, channels: 3, to: width, height))
    }
}
