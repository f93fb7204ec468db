/// The weights of the encoding half of diffusers' `AutoencoderKL`, by diffusers' names. A VAE
/// folder must have them to load in diffusers, so this engine declares them when it writes its
/// own models. (Encoding images, for img2img, is not built yet, and loading does not read them.)
struct AutoencoderKLEncoderWeights {
    init(config: ComponentConfig, weights: WeightSource) throws(ModelFileError) {
        let channels = try config.ints("block_out_channels", minimum: 1)
        let layersPerBlock = try config.int("layers_per_block", default: 1, minimum: 0)
        let groups = try config.int("norm_num_groups", default: 32, minimum: 1)
        let latent = try config.int("latent_channels", default: 4, minimum: 1)
        let inChannels = try config.int("in_channels", default: 3, minimum: 1)
        _ = try ConvLayer(weights, "encoder.conv_in", input: inChannels, output: channels[0], kernel: 3)
        var output = channels[0]
        for (index, channel) in channels.enumerated() {
            let input = output
            output = channel
            for layer in 0..<layersPerBlock {
                _ = try ResnetBlock(weights, "encoder.down_blocks.\(index).resnets.\(layer)", input: layer == 0 ? input : output,
                                    output: output, timeChannels: nil, groups: groups, eps: 1e-6)
            }
            if index < channels.count - 1 {
                _ = try ConvLayer(weights, "encoder.down_blocks.\(index).downsamplers.0.conv", input: output, output: output, kernel: 3, stride: 2, padding: 0)
            }
        }
        let last = channels[channels.count - 1]
        _ = try ResnetBlock(weights, "encoder.mid_block.resnets.0", input: last, output: last, timeChannels: nil, groups: groups, eps: 1e-6)
        _ = try AutoencoderKLDecoder.SpatialSelfAttention(weights, "encoder.mid_block.attentions.0", channels: last, groups: groups)
        _ = try ResnetBlock(weights, "encoder.mid_block.resnets.1", input: last, output: last, timeChannels: nil, groups: groups, eps: 1e-6)
        _ = try GroupNormLayer(weights, "encoder.conv_norm_out", channels: last, groups: groups, eps: 1e-6)
        _ = try ConvLayer(weights, "encoder.conv_out", input: last, output: 2 * latent, kernel: 3)
        if (config.values["use_quant_conv"] as? Bool) ?? true {
            _ = try ConvLayer(weights, "quant_conv", input: 2 * latent, output: 2 * latent, kernel: 1)
        }
    }
}
