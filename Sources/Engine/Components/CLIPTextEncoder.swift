/// transformers' `CLIPTextModel` (and `CLIPTextModelWithProjection`, with its text projection):
/// token and position embeddings, pre-norm transformer layers with causal self-attention, a final
/// layer norm. Stable Diffusion 1.x and 2.x condition on its last hidden state, or with clip
/// skip N on the hidden state N layers earlier, through the final layer norm (diffusers' rule);
/// SDXL on the penultimate layer's output without the norm, and on the projected pooled output.
public final class CLIPTextEncoder: @unchecked Sendable {
    struct Layer {
        var norm1Weight, norm1Bias, norm2Weight, norm2Bias: Tensor
        var qWeight, qBias, kWeight, kBias, vWeight, vBias, outWeight, outBias: Tensor
        var fc1Weight, fc1Bias, fc2Weight, fc2Bias: Tensor
    }

    public let hiddenSize: Int
    public let maxPositions: Int
    let heads: Int
    let eps: Double
    let activation: String
    /// The token embedding table (a textual inversion's copy has its vectors appended).
    public let tokenEmbedding: Tensor
    let positionEmbedding: Tensor
    let layers: [Layer]
    let finalNormWeight: Tensor
    let finalNormBias: Tensor
    /// The token that ends a prompt: its position's final hidden state is the pooled output.
    let endToken: Int
    /// `CLIPTextModelWithProjection`'s `text_projection` (no bias), else nil.
    let textProjection: Tensor?
    /// The width of the pooled output (the projection's, else the hidden size).
    public var pooledSize: Int { textProjection?.shape[0] ?? hiddenSize }

    /// The encoder of a `text_encoder` folder (`config.json` and its safetensors). Its weights are converted to `dtype`.
    public convenience init(folder: String, variant: String? = nil, dtype: TensorType = .float32) throws(ModelFileError) {
        let config = try ComponentConfig(path: folder + "/config.json")
        try self.init(config: config, weights: ModelWeights(folder: folder, variant: variant, dtype: dtype))
    }

    /// A copy of `base` reading its token embeddings from `tokenEmbedding` (the weights are
    /// shared, not copied).
    public init(_ base: CLIPTextEncoder, tokenEmbedding: Tensor) {
        (hiddenSize, maxPositions, heads, eps, activation) = (base.hiddenSize, base.maxPositions, base.heads, base.eps, base.activation)
        (positionEmbedding, layers, finalNormWeight, finalNormBias) = (base.positionEmbedding, base.layers, base.finalNormWeight, base.finalNormBias)
        (endToken, textProjection) = (base.endToken, base.textProjection)
        self.tokenEmbedding = tokenEmbedding
    }

    public init(config: ComponentConfig, weights: WeightSource) throws(ModelFileError) {
        hiddenSize = try config.int("hidden_size", minimum: 1)
        heads = try config.int("num_attention_heads", minimum: 1)
        let layerCount = try config.int("num_hidden_layers", minimum: 1)
        let intermediate = try config.int("intermediate_size", minimum: 1)
        let vocabulary = try config.int("vocab_size", minimum: 1)
        maxPositions = try config.int("max_position_embeddings", minimum: 1)
        eps = try config.double("layer_norm_eps", default: 1e-5)
        activation = try config.string("hidden_act", default: "quick_gelu")
        guard ["quick_gelu", "gelu"].contains(activation) else {
            throw ModelFileError(file: config.path, "hidden_act \"\(activation)\" is not supported (quick_gelu or gelu)")
        }
        guard hiddenSize > 0, heads > 0, hiddenSize % heads == 0 else {
            throw ModelFileError(file: config.path, "hidden_size \(hiddenSize) is not divisible by num_attention_heads \(heads)")
        }
        let h = hiddenSize
        func tensor(_ name: String, _ shape: [Int]) throws(ModelFileError) -> Tensor {
            let role: WeightRole = name.contains("embedding") ? .embedding
                : name.contains("norm") ? (name.hasSuffix("weight") ? .normScale : .normShift)
                : name.hasSuffix("bias") ? .bias : .projection
            return try weights.tensor("text_model." + name, shape: shape, role: role)
        }
        tokenEmbedding = try tensor("embeddings.token_embedding.weight", [vocabulary, h])
        positionEmbedding = try tensor("embeddings.position_embedding.weight", [maxPositions, h])
        var layers: [Layer] = []
        for index in 0..<layerCount {
            let p = "encoder.layers.\(index)."
            layers.append(Layer(
                norm1Weight: try tensor(p + "layer_norm1.weight", [h]), norm1Bias: try tensor(p + "layer_norm1.bias", [h]),
                norm2Weight: try tensor(p + "layer_norm2.weight", [h]), norm2Bias: try tensor(p + "layer_norm2.bias", [h]),
                qWeight: try tensor(p + "self_attn.q_proj.weight", [h, h]), qBias: try tensor(p + "self_attn.q_proj.bias", [h]),
                kWeight: try tensor(p + "self_attn.k_proj.weight", [h, h]), kBias: try tensor(p + "self_attn.k_proj.bias", [h]),
                vWeight: try tensor(p + "self_attn.v_proj.weight", [h, h]), vBias: try tensor(p + "self_attn.v_proj.bias", [h]),
                outWeight: try tensor(p + "self_attn.out_proj.weight", [h, h]), outBias: try tensor(p + "self_attn.out_proj.bias", [h]),
                fc1Weight: try tensor(p + "mlp.fc1.weight", [intermediate, h]), fc1Bias: try tensor(p + "mlp.fc1.bias", [intermediate]),
                fc2Weight: try tensor(p + "mlp.fc2.weight", [h, intermediate]), fc2Bias: try tensor(p + "mlp.fc2.bias", [h])))
        }
        self.layers = layers
        finalNormWeight = try tensor("final_layer_norm.weight", [h])
        finalNormBias = try tensor("final_layer_norm.bias", [h])
        endToken = try config.int("eos_token_id", default: 2)
        if (try? config.strings("architectures"))?.contains("CLIPTextModelWithProjection") == true {
            let projection = try config.int("projection_dim", minimum: 1)
            textProjection = try weights.tensor("text_projection.weight", shape: [projection, h], role: .projection)
        } else {
            textProjection = nil
        }
    }

    /// The hidden states of a batch of token id rows: the embeddings, then each layer's output
    /// (transformers' `hidden_states`), running `layerCount` layers.
    func hiddenStates(_ ids: [[Int]], layerCount: Int) throws(TorchError) -> [Tensor] {
        let batch = ids.count, tokens = ids.first?.count ?? 0
        guard batch > 0, tokens > 0, tokens <= maxPositions, ids.allSatisfy({ $0.count == tokens }) else {
            throw TorchError("text encoder: token rows must be 1 to \(maxPositions) ids, all the same length")
        }
        let idTensor = try Tensor.ids(ids.flatMap { $0 }, shape: [batch, tokens])
        let positions = try Tensor.ids(Array(0..<tokens), shape: [1, tokens])
        var hidden = try tokenEmbedding.embedding(idTensor).adding(positionEmbedding.embedding(positions))
        var states = [hidden]
        // a token sees itself and the tokens before it
        var mask = [Float](repeating: 0, count: tokens * tokens)
        for row in 0..<tokens { for column in (row + 1)..<max(row + 1, tokens) { mask[row * tokens + column] = -.infinity } }
        let causal = try Tensor.floats(mask, shape: [tokens, tokens]).converted(to: hidden.type)
        let headSize = hiddenSize / heads
        for layer in layers.prefix(layerCount) {
            let normed = try hidden.layerNorm(layer.norm1Weight, layer.norm1Bias, eps: eps)
            func split(_ x: Tensor) throws(TorchError) -> Tensor {
                try x.reshaped([batch, tokens, heads, headSize]).permuted([0, 2, 1, 3])
            }
            let q = try split(normed.linear(layer.qWeight, layer.qBias))
            let k = try split(normed.linear(layer.kWeight, layer.kBias))
            let v = try split(normed.linear(layer.vWeight, layer.vBias))
            let attended = try Tensor.attention(q, k, v, mask: causal).permuted([0, 2, 1, 3]).reshaped([batch, tokens, hiddenSize])
            hidden = try hidden.adding(attended.linear(layer.outWeight, layer.outBias))
            let normed2 = try hidden.layerNorm(layer.norm2Weight, layer.norm2Bias, eps: eps)
            var inner = try normed2.linear(layer.fc1Weight, layer.fc1Bias)
            inner = activation == "gelu" ? try inner.gelu() : try inner.quickGelu()
            hidden = try hidden.adding(inner.linear(layer.fc2Weight, layer.fc2Bias))
            states.append(hidden)
        }
        return states
    }

    func checkedSkip(_ clipSkip: Int?) throws(TorchError) -> Int {
        let skip = clipSkip ?? 0
        guard skip >= 0, skip < layers.count else {
            throw TorchError("clip skip \(skip) needs more than \(skip) layers; this text encoder has \(layers.count)")
        }
        return skip
    }

    /// The conditioning for a batch of token id rows (each `maxPositions` long): `[batch,
    /// tokens, hidden]`. `clipSkip` 0 (or nil) uses the last layer.
    public func encode(_ ids: [[Int]], clipSkip: Int? = nil) throws(TorchError) -> Tensor {
        let skip = try checkedSkip(clipSkip)
        guard let last = try hiddenStates(ids, layerCount: layers.count - skip).last else { throw TorchError("text encoder: no layers") }
        return try last.layerNorm(finalNormWeight, finalNormBias, eps: eps)
    }

    /// SDXL's conditioning (diffusers' `encode_prompt`): the output of the layer `clipSkip + 1`
    /// before the last (the penultimate by default) without the final norm, and the pooled
    /// output: the final hidden state, normed, at each row's first end token, projected when
    /// this is a `CLIPTextModelWithProjection`.
    public func encodeWithPooled(_ ids: [[Int]], clipSkip: Int? = nil) throws(TorchError) -> (hidden: Tensor, pooled: Tensor) {
        let skip = try checkedSkip(clipSkip)
        let states = try hiddenStates(ids, layerCount: layers.count)
        guard states.count >= skip + 2 else {
            throw TorchError("clip skip \(skip) needs more than \(skip + 1) layers; this text encoder has \(layers.count)")
        }
        let hidden = states[states.count - 2 - skip]
        let final = try states[states.count - 1].layerNorm(finalNormWeight, finalNormBias, eps: eps)
        // transformers' rule: the highest id when the end token is 2 (old configurations), else the first end token
        let positions = ids.map { row in
            endToken == 2 ? (row.indices.max { row[$0] < row[$1] } ?? 0) : (row.firstIndex(of: endToken) ?? 0)
        }
        var pooledRows: [Tensor] = []
        for (row, position) in positions.enumerated() {
            let sample = try final.sliced(dimension: 0, row..<(row + 1)).sliced(dimension: 1, position..<(position + 1))
            pooledRows.append(try sample.reshaped([1, hiddenSize]))
        }
        var pooled = try Tensor.cat(pooledRows, dimension: 0)
        if let textProjection { pooled = try pooled.linear(textProjection, nil) }
        return (hidden, pooled)
    }
}
