import Foundation

/// dgenerate's `--inpaint-crop`: the seed and its mask cropped to the mask's bounds plus
/// padding, inpainted at the output size, and the result resized back and pasted onto the seed:
/// whole, through the mask (`--inpaint-crop-masked`), or through a feathered rectangle
/// (`--inpaint-crop-feathers`), with Pillow's arithmetic so that the pixels are the reference's.
public struct InpaintCrop: Sendable, Equatable {
    /// Padding left, top, right, bottom.
    public var padding: (left: Int, top: Int, right: Int, bottom: Int)
    public var masked: Bool
    public var feather: Int?

    public static func == (lhs: InpaintCrop, rhs: InpaintCrop) -> Bool {
        lhs.padding == rhs.padding && lhs.masked == rhs.masked && lhs.feather == rhs.feather
    }

    /// dgenerate's padding of 32 on every side when none is given.
    public static let defaultPadding = 32

    /// Padding as `--inpaint-crop-paddings` gives it: one value for every side, two for the sides
    /// and the top and bottom, or four (left, top, right, bottom).
    public init(padding values: [Int]?, masked: Bool, feather: Int?) {
        let values = values ?? [Self.defaultPadding]
        switch values.count {
        case 2: padding = (values[0], values[1], values[0], values[1])
        case 4: padding = (values[0], values[1], values[2], values[3])
        default: padding = (values.first ?? Self.defaultPadding, values.first ?? Self.defaultPadding,
                            values.first ?? Self.defaultPadding, values.first ?? Self.defaultPadding)
        }
        self.masked = masked
        self.feather = feather
    }

    /// The mask's bounds (pixels whose grey is above 127) plus the padding, clipped to the
    /// image: left and top inclusive, right and bottom exclusive; nil when no pixel is white.
    func bounds(of mask: RGBImage) -> (x0: Int, y0: Int, x1: Int, y1: Int)? {
        var left = Int.max, top = Int.max, right = -1, bottom = -1
        for y in 0..<mask.height {
            for x in 0..<mask.width where Self.grey(mask, x, y) > 127 {
                left = min(left, x); right = max(right, x)
                top = min(top, y); bottom = max(bottom, y)
            }
        }
        guard right >= 0 else { return nil }
        return (max(0, left - padding.left), max(0, top - padding.top),
                min(mask.width, right + padding.right + 1), min(mask.height, bottom + padding.bottom + 1))
    }

    /// Pillow's luma of an RGB pixel.
    static func grey(_ image: RGBImage, _ x: Int, _ y: Int) -> UInt8 {
        let p = (y * image.width + x) * 3
        let r = UInt32(image.pixels[p]), g = UInt32(image.pixels[p + 1]), b = UInt32(image.pixels[p + 2])
        return UInt8((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16)
    }

    static func crop(_ image: RGBImage, _ box: (x0: Int, y0: Int, x1: Int, y1: Int)) -> RGBImage {
        let width = box.x1 - box.x0, height = box.y1 - box.y0
        var pixels = [UInt8](); pixels.reserveCapacity(width * height * 3)
        for y in box.y0..<box.y1 {
            let start = (y * image.width + box.x0) * 3
            pixels += image.pixels[start..<(start + width * 3)]
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    /// Pillow's paste through an 8-bit mask: each channel `(dst·(255−a) + src·a) / 255`, rounded as
    /// Pillow rounds it.
    static func blend(_ destination: UInt8, _ source: UInt8, _ alpha: UInt8) -> UInt8 {
        let value = UInt32(destination) * UInt32(255 - alpha) + UInt32(source) * UInt32(alpha) + 128
        return UInt8(((value >> 8) + value) >> 8)
    }

    /// `generated` (resized back to the bounds' size) pasted onto `original` at `box`.
    func paste(_ generated: RGBImage, onto original: RGBImage, mask: RGBImage, box: (x0: Int, y0: Int, x1: Int, y1: Int)) -> RGBImage {
        let width = box.x1 - box.x0, height = box.y1 - box.y0
        let fitted = generated.resized(to: width, height)
        var out = original
        if let feather {
            return pasteFeathered(fitted, onto: original, box: box, feather: feather)
        }
        for y in 0..<height {
            for x in 0..<width {
                let alpha: UInt8 = masked ? Self.grey(mask, box.x0 + x, box.y0 + y) : 255
                for c in 0..<3 {
                    let target = ((box.y0 + y) * original.width + box.x0 + x) * 3 + c
                    out.pixels[target] = masked ? Self.blend(original.pixels[target], fitted.pixels[(y * width + x) * 3 + c], alpha)
                        : fitted.pixels[(y * width + x) * 3 + c]
                }
            }
        }
        return out
    }

    /// dgenerate's feathered paste: a rectangle inset by half the feather inside a margin of the
    /// feather, blurred (radius feather/6, at least 1), zero outside the pasted area, as alpha.
    func pasteFeathered(_ generated: RGBImage, onto original: RGBImage, box: (x0: Int, y0: Int, x1: Int, y1: Int), feather: Int) -> RGBImage {
        let width = box.x1 - box.x0, height = box.y1 - box.y0
        let inset = feather / 2, margin = max(feather, 0)
        let maskWidth = width + 2 * margin, maskHeight = height + 2 * margin
        var alpha = [UInt8](repeating: 0, count: maskWidth * maskHeight)
        var (left, top, right, bottom) = (margin + inset, margin + inset, margin + width - inset, margin + height - inset)
        if left >= right || top >= bottom { (left, top, right, bottom) = (0, 0, 0, 0) }
        // Pillow's rectangle includes both corners
        for y in top...min(bottom, maskHeight - 1) {
            for x in left...min(right, maskWidth - 1) { alpha[y * maskWidth + x] = 255 }
        }
        if feather > 0 {
            alpha = GaussianBlur.blur(alpha, width: maskWidth, height: maskHeight, radius: max(1, Float(feather) / 6))
        }
        var out = original
        for y in 0..<maskHeight {
            for x in 0..<maskWidth {
                let inside = x >= margin && x < margin + width && y >= margin && y < margin + height
                let targetX = box.x0 - margin + x, targetY = box.y0 - margin + y
                guard inside, targetX >= 0, targetY >= 0, targetX < original.width, targetY < original.height else { continue }
                // the layer's own alpha (255 inside the pasted area) times the blurred mask
                let product = UInt32(255) * UInt32(alpha[y * maskWidth + x]) + 128
                let a = UInt8(((product >> 8) + product) >> 8)
                for c in 0..<3 {
                    let target = (targetY * original.width + targetX) * 3 + c
                    out.pixels[target] = Self.blend(original.pixels[target], generated.pixels[((y - margin) * width + x - margin) * 3 + c], a)
                }
            }
        }
        return out
    }
}
