/// How the VAE runs a batch: dgenerate's `--vae-tiling` (tile by tile, blending the overlaps,
/// as diffusers' `AutoencoderKL.enable_tiling` does) and `--vae-slicing` (one image at a time).
public struct VAEMemoryOptions: Sendable, Equatable {
    public var tiling: Bool
    public var slicing: Bool
    public init(tiling: Bool = false, slicing: Bool = false) {
        self.tiling = tiling
        self.slicing = slicing
    }
}

/// diffusers' tiled VAE: overlapping square tiles (a quarter of a tile's side overlapping),
/// each through the encoder or decoder alone, blended linearly into their upper and left
/// neighbours, then cut to the part that does not overlap the next tile.
enum AutoencoderKLTiling {
    /// The share of a tile that overlaps its neighbour (diffusers' `tile_overlap_factor`).
    static let overlapFactor = 0.25

    /// The latent side of an image tile of `sampleSize` pixels through `levels` resolution levels.
    static func latentTile(sampleSize: Int, levels: Int) -> Int {
        Int(Double(sampleSize) / Double(1 << max(0, min(levels, 8) - 1)))
    }

    /// `body` over `x` one batch item at a time when `slicing` (and the batch has more than one),
    /// the results concatenated.
    static func sliced(_ x: Tensor, slicing: Bool, _ body: (Tensor) throws(TorchError) -> Tensor) throws(TorchError) -> Tensor {
        let batch = x.shape[0]
        guard slicing, batch > 1 else { return try body(x) }
        var parts: [Tensor] = []
        for index in 0..<batch { parts.append(try body(x.sliced(dimension: 0, index..<(index + 1)))) }
        return try Tensor.cat(parts, dimension: 0)
    }

    /// `body` over tiles of `inputTile` cells of `x` ([batch, channels, height, width]), stepping
    /// by three quarters of a tile; each result is a tile of `outputTile` cells.
    static func tiled(_ x: Tensor, inputTile: Int, outputTile: Int,
                      _ body: (Tensor) throws(TorchError) -> Tensor) throws(TorchError) -> Tensor {
        let height = x.shape[2], width = x.shape[3]
        let step = max(1, Int(Double(inputTile) * (1 - overlapFactor)))
        let blendExtent = Int(Double(outputTile) * overlapFactor)
        let rowLimit = outputTile - blendExtent
        var rows: [[Tensor]] = []
        for top in stride(from: 0, to: height, by: step) {
            var row: [Tensor] = []
            for left in stride(from: 0, to: width, by: step) {
                let tile = try x.sliced(dimension: 2, top..<min(top + inputTile, height))
                    .sliced(dimension: 3, left..<min(left + inputTile, width))
                row.append(try body(tile))
            }
            rows.append(row)
        }
        // each tile is blended into in place, so a later tile blends with its blended neighbours
        var resultRows: [Tensor] = []
        for i in rows.indices {
            var resultRow: [Tensor] = []
            for j in rows[i].indices {
                var tile = rows[i][j]
                if i > 0 { tile = try blend(rows[i - 1][j], into: tile, dimension: 2, extent: blendExtent) }
                if j > 0 { tile = try blend(rows[i][j - 1], into: tile, dimension: 3, extent: blendExtent) }
                rows[i][j] = tile
                let kept = try tile.sliced(dimension: 2, 0..<min(rowLimit, tile.shape[2])).sliced(dimension: 3, 0..<min(rowLimit, tile.shape[3]))
                resultRow.append(kept)
            }
            resultRows.append(try Tensor.cat(resultRow, dimension: 3))
        }
        return try Tensor.cat(resultRows, dimension: 2)
    }

    /// diffusers' `blend_v`/`blend_h`: the first `extent` lines of `b` along `dimension` fade
    /// from the last lines of `a` to `b`'s own, line by line.
    static func blend(_ a: Tensor, into b: Tensor, dimension: Int, extent: Int) throws(TorchError) -> Tensor {
        let aLength = a.shape[dimension], bLength = b.shape[dimension]
        let extent = min(aLength, bLength, extent)
        guard extent > 0 else { return b }
        var lines: [Tensor] = []
        for line in 0..<extent {
            let weight = Double(line) / Double(extent)
            let fromA = try a.sliced(dimension: dimension, (aLength - extent + line)..<(aLength - extent + line + 1))
            let fromB = try b.sliced(dimension: dimension, line..<(line + 1))
            lines.append(try fromA.multiplying(1 - weight).adding(fromB.multiplying(weight)))
        }
        lines.append(try b.sliced(dimension: dimension, extent..<bLength))
        return try Tensor.cat(lines, dimension: dimension)
    }
}
