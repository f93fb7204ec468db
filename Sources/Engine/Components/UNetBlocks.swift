/// The building blocks of diffusers' UNet and VAE, with diffusers' parameter names.
///
/// Activations and residual additions are done in place on tensors a block has just computed
/// (never on its input or a weight): the same arithmetic as diffusers', without allocating and
/// filling a new tensor for each.

/// `torch.nn.GroupNorm`.
struct GroupNormLayer {
    let groups: Int
    let eps: Double
    let weight: Tensor, bias: Tensor

    init(_ source: WeightSource, _ prefix: String, channels: Int, groups: Int, eps: Double) throws(ModelFileError) {
        self.groups = groups
        self.eps = eps
        weight = try source.tensor(prefix + ".weight", shape: [channels], role: .normScale)
        bias = try source.tensor(prefix + ".bias", shape: [channels], role: .normShift)
    }

    func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor { try x.groupNorm(groups: groups, weight, bias, eps: eps) }
}

/// `torch.nn.LayerNorm` over the last dimension.
struct LayerNormLayer {
    let weight: Tensor, bias: Tensor
    let eps: Double

    init(_ source: WeightSource, _ prefix: String, channels: Int, eps: Double) throws(ModelFileError) {
        weight = try source.tensor(prefix + ".weight", shape: [channels], role: .normScale)
        bias = try source.tensor(prefix + ".bias", shape: [channels], role: .normShift)
        self.eps = eps
    }

    func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor { try x.layerNorm(weight, bias, eps: eps) }
}

/// `torch.nn.Conv2d` (square kernel).
struct ConvLayer {
    let weight: Tensor, bias: Tensor?
    let stride: Int, padding: Int

    init(_ source: WeightSource, _ prefix: String, input: Int, output: Int, kernel: Int, stride: Int = 1,
         padding: Int? = nil, bias: Bool = true) throws(ModelFileError) {
        let loaded = try source.tensor(prefix + ".weight", shape: [output, input, kernel, kernel], role: .projection)
        // channels-last weights let oneDNN convolve channels-last activations without reordering
        do {
            weight = try loaded.channelsLast()
        } catch {
            throw ModelFileError(file: "(weights in memory)", tensor: prefix + ".weight", error.message)
        }
        self.bias = bias ? try source.tensor(prefix + ".bias", shape: [output], role: .bias) : nil
        self.stride = stride
        self.padding = padding ?? kernel / 2
    }

    func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor { try x.conv2d(weight, bias, stride: stride, padding: padding) }
}

/// `torch.nn.Linear`.
struct LinearLayer {
    let weight: Tensor, bias: Tensor?

    init(_ source: WeightSource, _ prefix: String, input: Int, output: Int, bias: Bool = true) throws(ModelFileError) {
        weight = try source.tensor(prefix + ".weight", shape: [output, input], role: .projection)
        self.bias = bias ? try source.tensor(prefix + ".bias", shape: [output], role: .bias) : nil
    }

    /// Several projections of the same input as one: their weights (and biases) stacked.
    init(joining layers: [LinearLayer], name: String) throws(ModelFileError) {
        do {
            weight = try Tensor.cat(layers.map(\.weight), dimension: 0)
            let biases = layers.compactMap(\.bias)
            bias = biases.count == layers.count ? try Tensor.cat(biases, dimension: 0) : nil
        } catch {
            throw ModelFileError(file: "(weights in memory)", tensor: name, error.message)
        }
    }

    func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor { try x.linear(weight, bias) }
}

/// diffusers' `ResnetBlock2D` (time embedding added after the first convolution).
struct ResnetBlock {
    let norm1: GroupNormLayer, conv1: ConvLayer, timeProjection: LinearLayer?
    let norm2: GroupNormLayer, conv2: ConvLayer, shortcut: ConvLayer?

    init(_ source: WeightSource, _ prefix: String, input: Int, output: Int, timeChannels: Int?, groups: Int, eps: Double) throws(ModelFileError) {
        norm1 = try GroupNormLayer(source, prefix + ".norm1", channels: input, groups: groups, eps: eps)
        conv1 = try ConvLayer(source, prefix + ".conv1", input: input, output: output, kernel: 3)
        timeProjection = try timeChannels.map { (channels) throws(ModelFileError) in
            try LinearLayer(source, prefix + ".time_emb_proj", input: channels, output: output)
        }
        norm2 = try GroupNormLayer(source, prefix + ".norm2", channels: output, groups: groups, eps: eps)
        conv2 = try ConvLayer(source, prefix + ".conv2", input: output, output: output, kernel: 3)
        shortcut = input == output ? nil : try ConvLayer(source, prefix + ".conv_shortcut", input: input, output: output, kernel: 1)
    }

    func callAsFunction(_ x: Tensor, _ timeEmbedding: Tensor?) throws(TorchError) -> Tensor {
        let normed = try norm1(x)
        try normed.siluInPlace()
        let h = try conv1(normed)
        if let timeProjection, let timeEmbedding {
            let t = try timeProjection(timeEmbedding.silu())
            try h.addInPlace(t.reshaped(t.shape + [1, 1]))
        }
        let normed2 = try norm2(h)
        try normed2.siluInPlace()
        let output = try conv2(normed2)
        // input + output, as diffusers adds them (addition is commutative, bit for bit)
        try output.addInPlace(shortcut.map { (conv) throws(TorchError) in try conv(x) } ?? x)
        return output
    }
}

/// diffusers' `Attention` as the UNet's transformer blocks use it: projections without bias,
/// `heads` heads, optionally attending to a context.
struct AttentionLayer {
    let q: LinearLayer, k: LinearLayer, v: LinearLayer, out: LinearLayer
    /// For self-attention, the three projections as one ([q; k; v] rows): one matrix product
    /// instead of three over the same input.
    let qkv: LinearLayer?
    let heads: Int

    init(_ source: WeightSource, _ prefix: String, query: Int, context: Int, heads: Int, headSize: Int, projectionBias: Bool,
         selfAttention: Bool = false) throws(ModelFileError) {
        let inner = heads * headSize
        q = try LinearLayer(source, prefix + ".to_q", input: query, output: inner, bias: projectionBias)
        k = try LinearLayer(source, prefix + ".to_k", input: context, output: inner, bias: projectionBias)
        v = try LinearLayer(source, prefix + ".to_v", input: context, output: inner, bias: projectionBias)
        out = try LinearLayer(source, prefix + ".to_out.0", input: inner, output: query)
        self.heads = heads
        qkv = selfAttention && query == context ? try LinearLayer(joining: [q, k, v], name: prefix + ".to_qkv") : nil
    }

    /// `x` is [batch, tokens, channels]; `context` [batch, context tokens, context channels].
    func callAsFunction(_ x: Tensor, context: Tensor? = nil) throws(TorchError) -> Tensor {
        let source = context ?? x
        let shape = x.shape, batch = shape[0], tokens = shape[1]
        func split(_ t: Tensor) throws(TorchError) -> Tensor {
            let s = t.shape
            return try t.reshaped([s[0], s[1], heads, s[2] / heads]).permuted([0, 2, 1, 3])
        }
        let attended: Tensor
        if let qkv, context == nil {
            // [batch, tokens, 3, heads, head size] as [3, batch, heads, tokens, head size]
            let joined = try qkv(x)
            let parts = try joined.reshaped([batch, tokens, 3, heads, joined.shape[2] / (3 * heads)]).permuted([2, 0, 3, 1, 4])
            func part(_ index: Int) throws(TorchError) -> Tensor {
                let slice = try parts.sliced(dimension: 0, index..<(index + 1))
                return try slice.reshaped(Array(slice.shape.dropFirst()))
            }
            attended = try Tensor.attention(part(0), part(1), part(2))
        } else {
            attended = try Tensor.attention(split(q(x)), split(k(source)), split(v(source)))
        }
        let inner = attended.shape[1] * attended.shape[3]
        return try out(attended.permuted([0, 2, 1, 3]).reshaped([batch, tokens, inner]))
    }
}

/// diffusers' `BasicTransformerBlock`: self-attention, cross-attention, GEGLU feed-forward,
/// each after a layer norm and added back.
struct TransformerBlock {
    let norm1: LayerNormLayer, attention1: AttentionLayer
    let norm2: LayerNormLayer, attention2: AttentionLayer
    let norm3: LayerNormLayer, feedIn: LinearLayer, feedOut: LinearLayer
    let inner: Int

    init(_ source: WeightSource, _ prefix: String, channels: Int, context: Int, heads: Int, eps: Double) throws(ModelFileError) {
        let headSize = channels / heads
        norm1 = try LayerNormLayer(source, prefix + ".norm1", channels: channels, eps: eps)
        attention1 = try AttentionLayer(source, prefix + ".attn1", query: channels, context: channels, heads: heads, headSize: headSize,
                                        projectionBias: false, selfAttention: true)
        norm2 = try LayerNormLayer(source, prefix + ".norm2", channels: channels, eps: eps)
        attention2 = try AttentionLayer(source, prefix + ".attn2", query: channels, context: context, heads: heads, headSize: headSize, projectionBias: false)
        norm3 = try LayerNormLayer(source, prefix + ".norm3", channels: channels, eps: eps)
        inner = channels * 4
        feedIn = try LinearLayer(source, prefix + ".ff.net.0.proj", input: channels, output: inner * 2)
        feedOut = try LinearLayer(source, prefix + ".ff.net.2", input: inner, output: channels)
    }

    func callAsFunction(_ x: Tensor, context: Tensor) throws(TorchError) -> Tensor {
        let h = try attention1(norm1(x))
        try h.addInPlace(x)
        let crossed = try attention2(norm2(h), context: context)
        try crossed.addInPlace(h)
        // GEGLU: value * gelu(gate), both halves of one projection, computed where they lie
        let projected = try feedIn(norm3(crossed))
        let last = projected.rank - 1
        let value = try projected.sliced(dimension: last, 0..<inner)
        let gate = try projected.sliced(dimension: last, inner..<(2 * inner))
        try gate.geluInPlace()
        try value.multiplyInPlace(gate)
        let output = try feedOut(value)
        try output.addInPlace(crossed)
        return output
    }
}

/// diffusers' `Transformer2DModel`: group norm, a projection in, transformer blocks over the
/// pixels as tokens, a projection out, added to the input. Stable Diffusion 1.x projects with
/// 1x1 convolutions before flattening; 2.x and SDXL (`use_linear_projection`) with linear layers
/// after it.
struct SpatialTransformer {
    enum Projection {
        case convolution(ConvLayer)
        case linear(LinearLayer)
    }
    let norm: GroupNormLayer
    let projectIn: Projection, projectOut: Projection
    let blocks: [TransformerBlock]

    init(_ source: WeightSource, _ prefix: String, channels: Int, context: Int, heads: Int, groups: Int, layers: Int,
         linearProjection: Bool = false) throws(ModelFileError) {
        norm = try GroupNormLayer(source, prefix + ".norm", channels: channels, groups: groups, eps: 1e-6)
        func projection(_ name: String) throws(ModelFileError) -> Projection {
            linearProjection ? .linear(try LinearLayer(source, prefix + name, input: channels, output: channels))
                : .convolution(try ConvLayer(source, prefix + name, input: channels, output: channels, kernel: 1))
        }
        projectIn = try projection(".proj_in")
        var blocks: [TransformerBlock] = []
        for index in 0..<layers {
            blocks.append(try TransformerBlock(source, prefix + ".transformer_blocks.\(index)", channels: channels, context: context, heads: heads, eps: 1e-5))
        }
        self.blocks = blocks
        projectOut = try projection(".proj_out")
    }

    func callAsFunction(_ x: Tensor, context: Tensor) throws(TorchError) -> Tensor {
        let shape = x.shape, batch = shape[0], channels = shape[1], height = shape[2], width = shape[3]
        func tokens(_ image: Tensor) throws(TorchError) -> Tensor {
            try image.permuted([0, 2, 3, 1]).reshaped([batch, height * width, channels])
        }
        func image(_ tokens: Tensor) throws(TorchError) -> Tensor {
            try tokens.reshaped([batch, height, width, channels]).permuted([0, 3, 1, 2])
        }
        var h: Tensor
        switch projectIn {
        case .convolution(let conv): h = try tokens(conv(norm(x)))
        case .linear(let linear): h = try linear(tokens(norm(x)))
        }
        for block in blocks { h = try block(h, context: context) }
        let output: Tensor
        switch projectOut {
        case .convolution(let conv): output = try conv(image(h))
        case .linear(let linear): output = try image(linear(h))
        }
        try output.addInPlace(x)
        return output
    }
}
