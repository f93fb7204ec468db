/// The encoding half of diffusers' `AutoencoderKL`: an image in [-1, 1] through the encoder
/// and the quantisation convolution to the latent distribution's mean and log-variance, from
/// which img2img and inpainting draw their initial latents.
public final class AutoencoderKLEncoder: @unchecked Sendable {
    public let latentChannels: Int
    let convIn: ConvLayer
    let downBlocks: [(resnets: [ResnetBlock], downsample: ConvLayer?)]
    let midResnets: [ResnetBlock]
    let midAttention: AutoencoderKLDecoder.SpatialSelfAttention?
    let normOut: GroupNormLayer
    let convOut: ConvLayer
    let quantConv: ConvLayer?
    /// The image side one tile covers with `--vae-tiling`, and its latent side.
    let tileSize: Int, latentTileSize: Int

    public init(config: ComponentConfig, weights: WeightSource) throws(ModelFileError) {
        let channels = try config.ints("block_out_channels", minimum: 1)
        let downTypes = try config.strings("down_block_types", default: Array(repeating: "DownEncoderBlock2D", count: channels.count))
        guard !channels.isEmpty, downTypes.count == channels.count, downTypes.allSatisfy({ $0 == "DownEncoderBlock2D" }) else {
            throw ModelFileError(file: config.path, "down_block_types must be one DownEncoderBlock2D per entry of block_out_channels")
        }
        let layersPerBlock = try config.int("layers_per_block", default: 1, minimum: 0)
        let groups = try config.int("norm_num_groups", default: 32, minimum: 1)
        latentChannels = try config.int("latent_channels", default: 4, minimum: 1)
        let inChannels = try config.int("in_channels", default: 3, minimum: 1)
        tileSize = try AutoencoderKLDecoder.sampleSize(config)
        latentTileSize = AutoencoderKLTiling.latentTile(sampleSize: tileSize, levels: channels.count)
        let addAttention = (config.values["mid_block_add_attention"] as? Bool) ?? true
        convIn = try ConvLayer(weights, "encoder.conv_in", input: inChannels, output: channels[0], kernel: 3)
        var blocks: [(resnets: [ResnetBlock], downsample: ConvLayer?)] = []
        var output = channels[0]
        for (index, channel) in channels.enumerated() {
            let input = output
            output = channel
            var resnets: [ResnetBlock] = []
            for layer in 0..<layersPerBlock {
                resnets.append(try ResnetBlock(weights, "encoder.down_blocks.\(index).resnets.\(layer)", input: layer == 0 ? input : output,
                                               output: output, timeChannels: nil, groups: groups, eps: 1e-6))
            }
            // diffusers pads right and bottom by one, then convolves with stride 2 and no padding
            let downsample = index < channels.count - 1
                ? try ConvLayer(weights, "encoder.down_blocks.\(index).downsamplers.0.conv", input: output, output: output, kernel: 3,
                                stride: 2, padding: 0)
                : nil
            blocks.append((resnets, downsample))
        }
        downBlocks = blocks
        let last = channels[channels.count - 1]
        // declared in diffusers' order: the project's random models draw weights in it
        let firstMid = try ResnetBlock(weights, "encoder.mid_block.resnets.0", input: last, output: last, timeChannels: nil, groups: groups, eps: 1e-6)
        midAttention = addAttention ? try AutoencoderKLDecoder.SpatialSelfAttention(weights, "encoder.mid_block.attentions.0", channels: last, groups: groups) : nil
        midResnets = [firstMid, try ResnetBlock(weights, "encoder.mid_block.resnets.1", input: last, output: last, timeChannels: nil, groups: groups, eps: 1e-6)]
        normOut = try GroupNormLayer(weights, "encoder.conv_norm_out", channels: last, groups: groups, eps: 1e-6)
        convOut = try ConvLayer(weights, "encoder.conv_out", input: last, output: 2 * latentChannels, kernel: 3)
        quantConv = (config.values["use_quant_conv"] as? Bool) ?? true
            ? try ConvLayer(weights, "quant_conv", input: 2 * latentChannels, output: 2 * latentChannels, kernel: 1) : nil
    }

    /// The latent distribution of an image batch ([batch, 3, H, W] in about -1...1): its mean and
    /// standard deviation ([batch, latent channels, H/8, W/8] for four blocks), float32, encoded
    /// tile by tile or image by image as `memory` asks. The log-variance is clamped to -30...20,
    /// as diffusers' `DiagonalGaussianDistribution` does.
    public func distribution(_ image: Tensor, memory: VAEMemoryOptions = .init()) throws(TorchError) -> (mean: Tensor, standardDeviation: Tensor) {
        let moments = try AutoencoderKLTiling.sliced(image.converted(to: convIn.weight.type), slicing: memory.slicing) { x throws(TorchError) in
            guard memory.tiling, latentTileSize > 0, x.shape[2] > tileSize || x.shape[3] > tileSize else { return try momentsWhole(x) }
            return try AutoencoderKLTiling.tiled(x, inputTile: tileSize, outputTile: latentTileSize, momentsWhole)
        }
        let h = try moments.converted(to: .float32)
        let mean = try h.sliced(dimension: 1, 0..<latentChannels)
        let logVariance = try h.sliced(dimension: 1, latentChannels..<(2 * latentChannels)).clamped(min: -30, max: 20)
        return (mean, try logVariance.multiplying(0.5).exp())
    }

    /// An image through the encoder and the quantisation convolution: the mean and the
    /// log-variance side by side.
    func momentsWhole(_ x: Tensor) throws(TorchError) -> Tensor {
        var h = try convIn(x)
        for block in downBlocks {
            for resnet in block.resnets { h = try resnet(h, nil) }
            if let downsample = block.downsample { h = try downsample(Self.padRightAndBottom(h)) }
        }
        h = try midResnets[0](h, nil)
        if let midAttention { h = try midAttention(h) }
        h = try midResnets[1](h, nil)
        h = try convOut(normOut(h).silu())
        if let quantConv { h = try quantConv(h) }
        return h
    }

    /// One zero column on the right and one zero row at the bottom.
    static func padRightAndBottom(_ x: Tensor) throws(TorchError) -> Tensor {
        let shape = x.shape
        let column = try Tensor.full(0, shape: [shape[0], shape[1], shape[2], 1], type: x.type)
        let widened = try Tensor.cat([x, column], dimension: 3)
        let row = try Tensor.full(0, shape: [shape[0], shape[1], 1, shape[3] + 1], type: x.type)
        return try Tensor.cat([widened, row], dimension: 2)
    }
}

/// diffusers' `AutoencoderKL`: the decoder and the encoder of one `vae` folder, held as one
/// component (cached and shared as one).
public final class AutoencoderKL: @unchecked Sendable {
    public let decoder: AutoencoderKLDecoder
    public let encoder: AutoencoderKLEncoder
    public init(decoder: AutoencoderKLDecoder, encoder: AutoencoderKLEncoder) {
        self.decoder = decoder
        self.encoder = encoder
    }
}
