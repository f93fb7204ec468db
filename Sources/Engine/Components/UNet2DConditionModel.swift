import Foundation

/// diffusers' `UNet2DConditionModel` in the configurations of Stable Diffusion 1.x, 2.x and SDXL:
/// down blocks (`DownBlock2D`, `CrossAttnDownBlock2D`), a cross-attention middle block, up blocks
/// with skip connections, a sinusoidal time embedding, and SDXL's added embedding of the pooled
/// text and the size conditioning (`addition_embed_type` "text_time"). It predicts the noise (or
/// velocity) in a latent sample.
public final class UNet2DConditionModel: @unchecked Sendable {
    struct DownBlock {
        var resnets: [ResnetBlock]
        var attentions: [SpatialTransformer]
        var downsample: ConvLayer?
    }

    struct UpBlock {
        var resnets: [ResnetBlock]
        var attentions: [SpatialTransformer]
        var upsample: ConvLayer?
    }

    public let inChannels: Int
    public let crossAttentionDimension: Int
    /// The latent size the model was trained at (`sample_size`).
    public let sampleSize: Int
    let baseChannels: Int
    let flipSinToCos: Bool
    let frequencyShift: Double
    let convIn: ConvLayer
    let timeLinear1: LinearLayer, timeLinear2: LinearLayer
    /// SDXL's added conditioning: the embedding width of each size number, and the embedding.
    let additionTimeDimension: Int?
    let additionLinear1: LinearLayer?, additionLinear2: LinearLayer?
    /// The width of the added conditioning's input: the pooled text and the size numbers' embeddings (0 without one).
    public let additionInputDimension: Int
    let downBlocks: [DownBlock]
    let midResnets: [ResnetBlock]
    let midAttention: SpatialTransformer
    let upBlocks: [UpBlock]
    let normOut: GroupNormLayer
    let convOut: ConvLayer

    public init(config: ComponentConfig, weights: WeightSource) throws(ModelFileError) {
        let blockChannels = try config.ints("block_out_channels", minimum: 1)
        let downTypes = try config.strings("down_block_types")
        let upTypes = try config.strings("up_block_types")
        let layersPerBlock = try config.int("layers_per_block", default: 2, minimum: 0)
        let groups = try config.int("norm_num_groups", default: 32, minimum: 1)
        let eps = try config.double("norm_eps", default: 1e-5)
        crossAttentionDimension = try config.int("cross_attention_dim", minimum: 1)
        inChannels = try config.int("in_channels", default: 4, minimum: 1)
        sampleSize = try config.int("sample_size", default: 64, minimum: 1)
        let outChannels = try config.int("out_channels", default: 4, minimum: 1)
        var transformerLayers = try config.ints("transformer_layers_per_block", default: [1], minimum: 0)
        if transformerLayers.count == 1 { transformerLayers = Array(repeating: transformerLayers[0], count: blockChannels.count) }
        let linearProjection = (config.values["use_linear_projection"] as? Bool) == true
        var heads = try config.ints(config.values["num_attention_heads"] is NSNull || config.values["num_attention_heads"] == nil
                                    ? "attention_head_dim" : "num_attention_heads", default: [8], minimum: 1)
        if heads.count == 1 { heads = Array(repeating: heads[0], count: blockChannels.count) }
        flipSinToCos = (config.values["flip_sin_to_cos"] as? Bool) ?? true
        frequencyShift = try config.double("freq_shift", default: 0)
        guard !blockChannels.isEmpty, downTypes.count == blockChannels.count, upTypes.count == blockChannels.count,
              heads.count == blockChannels.count, transformerLayers.count == blockChannels.count else {
            throw ModelFileError(file: config.path, "block_out_channels, down_block_types, up_block_types, the attention heads and transformer_layers_per_block must have one entry per block")
        }
        for type in downTypes where !["DownBlock2D", "CrossAttnDownBlock2D"].contains(type) {
            throw ModelFileError(file: config.path, "down block type \(type) is not supported")
        }
        for type in upTypes where !["UpBlock2D", "CrossAttnUpBlock2D"].contains(type) {
            throw ModelFileError(file: config.path, "up block type \(type) is not supported")
        }
        let base = blockChannels[0], timeChannels = base * 4
        baseChannels = base
        convIn = try ConvLayer(weights, "conv_in", input: inChannels, output: base, kernel: 3)
        timeLinear1 = try LinearLayer(weights, "time_embedding.linear_1", input: base, output: timeChannels)
        timeLinear2 = try LinearLayer(weights, "time_embedding.linear_2", input: timeChannels, output: timeChannels)
        switch config.values["addition_embed_type"] {
        case nil, is NSNull:
            (additionTimeDimension, additionLinear1, additionLinear2, additionInputDimension) = (nil, nil, nil, 0)
        case let type as String where type == "text_time":
            let timeDimension = try config.int("addition_time_embed_dim", minimum: 2)
            let input = try config.int("projection_class_embeddings_input_dim", minimum: 1)
            additionTimeDimension = timeDimension
            additionInputDimension = input
            additionLinear1 = try LinearLayer(weights, "add_embedding.linear_1", input: input, output: timeChannels)
            additionLinear2 = try LinearLayer(weights, "add_embedding.linear_2", input: timeChannels, output: timeChannels)
        default:
            throw ModelFileError(file: config.path, "addition_embed_type \(String(describing: config.values["addition_embed_type"] ?? "")) is not supported (text_time only)")
        }
        var down: [DownBlock] = []
        var output = base
        for (index, type) in downTypes.enumerated() {
            let input = output
            output = blockChannels[index]
            var block = DownBlock(resnets: [], attentions: [], downsample: nil)
            for layer in 0..<layersPerBlock {
                let prefix = "down_blocks.\(index)"
                block.resnets.append(try ResnetBlock(weights, prefix + ".resnets.\(layer)", input: layer == 0 ? input : output, output: output,
                                                     timeChannels: timeChannels, groups: groups, eps: eps))
                if type == "CrossAttnDownBlock2D" {
                    block.attentions.append(try SpatialTransformer(weights, prefix + ".attentions.\(layer)", channels: output,
                                                                   context: crossAttentionDimension, heads: heads[index], groups: groups,
                                                                   layers: transformerLayers[index], linearProjection: linearProjection))
                }
            }
            if index < downTypes.count - 1 {
                block.downsample = try ConvLayer(weights, "down_blocks.\(index).downsamplers.0.conv", input: output, output: output, kernel: 3, stride: 2, padding: 1)
            }
            down.append(block)
        }
        downBlocks = down
        let last = blockChannels[blockChannels.count - 1]
        midResnets = [
            try ResnetBlock(weights, "mid_block.resnets.0", input: last, output: last, timeChannels: timeChannels, groups: groups, eps: eps),
            try ResnetBlock(weights, "mid_block.resnets.1", input: last, output: last, timeChannels: timeChannels, groups: groups, eps: eps),
        ]
        midAttention = try SpatialTransformer(weights, "mid_block.attentions.0", channels: last, context: crossAttentionDimension,
                                              heads: heads[heads.count - 1], groups: groups, layers: transformerLayers[transformerLayers.count - 1],
                                              linearProjection: linearProjection)
        let reversedChannels = Array(blockChannels.reversed()), reversedHeads = Array(heads.reversed())
        let reversedLayers = Array(transformerLayers.reversed())
        var up: [UpBlock] = []
        var previous = last
        for (index, type) in upTypes.enumerated() {
            let outputChannels = reversedChannels[index]
            let inputChannels = reversedChannels[min(index + 1, reversedChannels.count - 1)]
            var block = UpBlock(resnets: [], attentions: [], upsample: nil)
            let prefix = "up_blocks.\(index)"
            let count = layersPerBlock + 1
            for layer in 0..<count {
                let skip = layer == count - 1 ? inputChannels : outputChannels
                let resnetInput = (layer == 0 ? previous : outputChannels) + skip
                block.resnets.append(try ResnetBlock(weights, prefix + ".resnets.\(layer)", input: resnetInput, output: outputChannels,
                                                     timeChannels: timeChannels, groups: groups, eps: eps))
                if type == "CrossAttnUpBlock2D" {
                    block.attentions.append(try SpatialTransformer(weights, prefix + ".attentions.\(layer)", channels: outputChannels,
                                                                   context: crossAttentionDimension, heads: reversedHeads[index], groups: groups,
                                                                   layers: reversedLayers[index], linearProjection: linearProjection))
                }
            }
            if index < upTypes.count - 1 {
                block.upsample = try ConvLayer(weights, prefix + ".upsamplers.0.conv", input: outputChannels, output: outputChannels, kernel: 3)
            }
            previous = outputChannels
            up.append(block)
        }
        upBlocks = up
        normOut = try GroupNormLayer(weights, "conv_norm_out", channels: base, groups: groups, eps: eps)
        convOut = try ConvLayer(weights, "conv_out", input: base, output: outChannels, kernel: 3)
    }

    /// diffusers' sinusoidal embedding (`get_timestep_embedding`) of each value, `dimension` wide.
    func sinusoidal(_ values: [Double], dimension: Int) -> [Float] {
        let half = dimension / 2
        var rows: [Float] = []
        rows.reserveCapacity(values.count * dimension)
        for value in values {
            var row = [Float](repeating: 0, count: dimension)
            for index in 0..<half {
                // float32 as torch computes it: exp(-log(10000) * i / (half - shift)) * t
                let exponent = Float(-log(10000.0)) * Float(index) / Float(Double(half) - frequencyShift)
                let argument = Float(value) * Foundation.exp(exponent)
                let (first, second) = flipSinToCos ? (Foundation.cos(argument), Foundation.sin(argument)) : (Foundation.sin(argument), Foundation.cos(argument))
                row[index] = first
                row[half + index] = second
            }
            rows += row
        }
        return rows
    }

    /// SDXL's added conditioning: the pooled text of each sample and its six size numbers
    /// (original height and width, crop top and left, target height and width; or, for a
    /// refiner, original size, crop and aesthetic score).
    public struct AddedConditions {
        public var pooledText: Tensor
        public var timeIds: [[Double]]
        public init(pooledText: Tensor, timeIds: [[Double]]) {
            self.pooledText = pooledText
            self.timeIds = timeIds
        }
    }

    /// The predicted noise for `sample` ([batch, channels, height, width]) at `timestep`,
    /// conditioned on `context` ([batch, tokens, cross-attention channels]) and, for SDXL, the
    /// added conditions. The computation runs in the weights' element type; the result is float32.
    public func callAsFunction(_ sample: Tensor, timestep: Double, context: Tensor, added: AddedConditions? = nil) throws(TorchError) -> Tensor {
        let batch = sample.shape[0]
        let dtype = convIn.weight.type
        let context = context.type == dtype ? context : try context.converted(to: dtype)
        let time = try Tensor.floats(Array(repeating: sinusoidal([timestep], dimension: baseChannels), count: batch).flatMap { $0 },
                                     shape: [batch, baseChannels])
        var embedding = try timeLinear2(timeLinear1(time.converted(to: dtype)).silu())
        if let additionTimeDimension, let additionLinear1, let additionLinear2 {
            let numbers = added?.timeIds.first?.count ?? 0
            guard let added, added.timeIds.count == batch, added.timeIds.allSatisfy({ $0.count == numbers }),
                  added.pooledText.shape == [batch, additionInputDimension - numbers * additionTimeDimension] else {
                throw TorchError("this UNet needs a pooled text embedding and size conditioning for each sample, \(additionInputDimension) numbers wide together")
            }
            let sizes = try Tensor.floats(added.timeIds.flatMap { sinusoidal($0, dimension: additionTimeDimension) },
                                          shape: [batch, numbers * additionTimeDimension])
            let joined = try Tensor.cat([added.pooledText.converted(to: .float32), sizes], dimension: 1).converted(to: dtype)
            embedding = try embedding.adding(additionLinear2(additionLinear1(joined).silu()))
        }
        var h = try convIn(sample.converted(to: dtype).channelsLast())
        var skips = [h]
        for block in downBlocks {
            for (index, resnet) in block.resnets.enumerated() {
                h = try resnet(h, embedding)
                if index < block.attentions.count { h = try block.attentions[index](h, context: context) }
                skips.append(h)
            }
            if let downsample = block.downsample {
                h = try downsample(h)
                skips.append(h)
            }
        }
        h = try midResnets[0](h, embedding)
        h = try midAttention(h, context: context)
        h = try midResnets[1](h, embedding)
        for block in upBlocks {
            for (index, resnet) in block.resnets.enumerated() {
                let skip = skips.removeLast()
                h = try resnet(Tensor.cat([h, skip], dimension: 1), embedding)
                if index < block.attentions.count { h = try block.attentions[index](h, context: context) }
            }
            if let upsample = block.upsample {
                h = try upsample(h.upsampledNearest2x())
            }
        }
        return try convOut(normOut(h).silu()).converted(to: .float32)
    }
}
