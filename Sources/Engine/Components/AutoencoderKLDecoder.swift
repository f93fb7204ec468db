/// The decoding half of diffusers' `AutoencoderKL`: latents (divided by the scaling factor)
/// through the post-quantisation convolution and the decoder, to an image in [-1, 1].
public final class AutoencoderKLDecoder: @unchecked Sendable {
    /// diffusers' single-head self-attention of the VAE's middle block.
    struct SpatialSelfAttention {
        let norm: GroupNormLayer
        let q: LinearLayer, k: LinearLayer, v: LinearLayer, out: LinearLayer

        init(_ source: WeightSource, _ prefix: String, channels: Int, groups: Int) throws(ModelFileError) {
            norm = try GroupNormLayer(source, prefix + ".group_norm", channels: channels, groups: groups, eps: 1e-6)
            q = try LinearLayer(source, prefix + ".to_q", input: channels, output: channels)
            k = try LinearLayer(source, prefix + ".to_k", input: channels, output: channels)
            v = try LinearLayer(source, prefix + ".to_v", input: channels, output: channels)
            out = try LinearLayer(source, prefix + ".to_out.0", input: channels, output: channels)
        }

        func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
            let shape = x.shape, batch = shape[0], channels = shape[1], height = shape[2], width = shape[3]
            let h = try norm(x).reshaped([batch, channels, height * width]).permuted([0, 2, 1])
            let one = { (t: Tensor) throws(TorchError) -> Tensor in try t.reshaped([batch, 1, height * width, channels]) }
            let attended = try Tensor.attention(one(q(h)), one(k(h)), one(v(h))).reshaped([batch, height * width, channels])
            return try out(attended).permuted([0, 2, 1]).reshaped(shape).adding(x)
        }
    }

    public let latentChannels: Int
    /// How many resolution levels the decoder has (its `block_out_channels`).
    public let blockCount: Int
    public let scalingFactor: Double
    /// The image side one tile covers with `--vae-tiling` (the config's `sample_size`), and its latent side.
    let tileSize: Int, latentTileSize: Int
    let postQuantConv: ConvLayer?
    let convIn: ConvLayer
    let midResnets: [ResnetBlock]
    let midAttention: SpatialSelfAttention?
    let upBlocks: [(resnets: [ResnetBlock], upsample: ConvLayer?)]
    let normOut: GroupNormLayer
    let convOut: ConvLayer

    public init(config: ComponentConfig, weights: WeightSource) throws(ModelFileError) {
        let channels = try config.ints("block_out_channels", minimum: 1)
        blockCount = channels.count
        let upTypes = try config.strings("up_block_types", default: Array(repeating: "UpDecoderBlock2D", count: channels.count))
        guard !channels.isEmpty, upTypes.count == channels.count, upTypes.allSatisfy({ $0 == "UpDecoderBlock2D" }) else {
            throw ModelFileError(file: config.path, "up_block_types must be one UpDecoderBlock2D per entry of block_out_channels")
        }
        let layersPerBlock = try config.int("layers_per_block", default: 1, minimum: 0)
        let groups = try config.int("norm_num_groups", default: 32, minimum: 1)
        latentChannels = try config.int("latent_channels", default: 4, minimum: 1)
        let outChannels = try config.int("out_channels", default: 3, minimum: 1)
        scalingFactor = try config.double("scaling_factor", default: 0.18215)
        tileSize = try Self.sampleSize(config)
        latentTileSize = AutoencoderKLTiling.latentTile(sampleSize: tileSize, levels: channels.count)
        let usePostQuant = (config.values["use_post_quant_conv"] as? Bool) ?? true
        let addAttention = (config.values["mid_block_add_attention"] as? Bool) ?? true
        postQuantConv = usePostQuant ? try ConvLayer(weights, "post_quant_conv", input: latentChannels, output: latentChannels, kernel: 1) : nil
        let last = channels[channels.count - 1]
        convIn = try ConvLayer(weights, "decoder.conv_in", input: latentChannels, output: last, kernel: 3)
        midResnets = [
            try ResnetBlock(weights, "decoder.mid_block.resnets.0", input: last, output: last, timeChannels: nil, groups: groups, eps: 1e-6),
            try ResnetBlock(weights, "decoder.mid_block.resnets.1", input: last, output: last, timeChannels: nil, groups: groups, eps: 1e-6),
        ]
        midAttention = addAttention ? try SpatialSelfAttention(weights, "decoder.mid_block.attentions.0", channels: last, groups: groups) : nil
        var blocks: [(resnets: [ResnetBlock], upsample: ConvLayer?)] = []
        let reversed = Array(channels.reversed())
        var output = reversed[0]
        for index in 0..<reversed.count {
            let previous = output
            output = reversed[index]
            var resnets: [ResnetBlock] = []
            for layer in 0...layersPerBlock {
                resnets.append(try ResnetBlock(weights, "decoder.up_blocks.\(index).resnets.\(layer)", input: layer == 0 ? previous : output,
                                               output: output, timeChannels: nil, groups: groups, eps: 1e-6))
            }
            let upsample = index < reversed.count - 1
                ? try ConvLayer(weights, "decoder.up_blocks.\(index).upsamplers.0.conv", input: output, output: output, kernel: 3) : nil
            blocks.append((resnets, upsample))
        }
        upBlocks = blocks
        normOut = try GroupNormLayer(weights, "decoder.conv_norm_out", channels: channels[0], groups: groups, eps: 1e-6)
        convOut = try ConvLayer(weights, "decoder.conv_out", input: channels[0], output: outChannels, kernel: 3)
    }

    /// The image ([batch, 3, 8*height, 8*width], about -1...1) for denoised latents, which are
    /// divided by the scaling factor first (as the Stable Diffusion pipeline does), tile by
    /// tile or image by image as `memory` asks. The computation runs in the weights' element
    /// type; the image is float32.
    public func decode(_ latents: Tensor, memory: VAEMemoryOptions = .init()) throws(TorchError) -> Tensor {
        let scaled = try latents.converted(to: convIn.weight.type).multiplying(1 / scalingFactor)
        return try AutoencoderKLTiling.sliced(scaled, slicing: memory.slicing) { z throws(TorchError) in
            guard memory.tiling, latentTileSize > 0, z.shape[2] > latentTileSize || z.shape[3] > latentTileSize else { return try decodeWhole(z) }
            return try AutoencoderKLTiling.tiled(z, inputTile: latentTileSize, outputTile: tileSize, decodeWhole)
        }.converted(to: .float32)
    }

    /// Scaled latents through the post-quantisation convolution and the decoder.
    func decodeWhole(_ z: Tensor) throws(TorchError) -> Tensor {
        var h = z
        if let postQuantConv { h = try postQuantConv(h) }
        h = try convIn(h)
        h = try midResnets[0](h, nil)
        if let midAttention { h = try midAttention(h) }
        h = try midResnets[1](h, nil)
        for block in upBlocks {
            for resnet in block.resnets { h = try resnet(h, nil) }
            if let upsample = block.upsample { h = try upsample(h.upsampledNearest2x()) }
        }
        return try convOut(normOut(h).silu())
    }

    /// The config's `sample_size` (the first entry of a list), diffusers' tile size.
    static func sampleSize(_ config: ComponentConfig) throws(ModelFileError) -> Int {
        if let sizes = config.values["sample_size"] as? [Any] {
            return (sizes.first as? Int) ?? 512
        }
        return try config.int("sample_size", default: 512, minimum: 1)
    }
}
