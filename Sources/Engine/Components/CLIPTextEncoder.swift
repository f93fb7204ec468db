/// transformers' `CLIPTextModel`: token and position embeddings, pre-norm transformer layers
/// with causal self-attention, a final layer norm. Stable Diffusion conditions on its last
/// hidden state, or with clip skip N on the hidden state N layers earlier, through the final
/// layer norm (diffusers' rule).
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
    let tokenEmbedding: Tensor
    let positionEmbedding: Tensor
    let layers: [Layer]
    let finalNormWeight: Tensor
    let finalNormBias: Tensor

    /// The encoder of a `text_encoder` folder (`config.json` and its safetensors). Its weights are converted to `dtype`.
    public convenience init(folder: String, variant: String? = nil, dtype: TensorType = .float32) throws(ModelFileError) {
        let config = try ComponentConfig(path: folder + "/config.json")
        try self.init(config: config, weights: ModelWeights(folder: folder, variant: variant, dtype: dtype))
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
    }

    /// The conditioning for a batch of token id rows (each `maxPositions` long): `[batch,
    /// tokens, hidden]`. `clipSkip` 0 (or nil) uses the last layer.
    public func encode(_ ids: [[Int]], clipSkip: Int? = nil) throws(TorchError) -> Tensor {
        let batch = ids.count, tokens = ids.first?.count ?? 0
        guard batch > 0, tokens > 0, tokens <= maxPositions, ids.allSatisfy({ $0.count == tokens }) else {
            throw TorchError("text encoder: token rows must be 1 to \(maxPositions) ids, all the same length")
        }
        let skip = clipSkip ?? 0
        guard skip >= 0, skip < layers.count else {
            throw TorchError("clip skip \(skip) needs more than \(skip) layers; this text encoder has \(layers.count)")
        }
        let idTensor = try Tensor.ids(ids.flatMap { $0 }, shape: [batch, tokens])
        let positions = try Tensor.ids(Array(0..<tokens), shape: [1, tokens])
        var hidden = try tokenEmbedding.embedding(idTensor).adding(positionEmbedding.embedding(positions))
        // a token sees itself and the tokens before it
        var mask = [Float](repeating: 0, count: tokens * tokens)
        for row in 0..<tokens { for column in (row + 1)..<max(row + 1, tokens) { mask[row * tokens + column] = -.infinity } }
        let causal = try Tensor.floats(mask, shape: [tokens, tokens]).converted(to: hidden.type)
        let headSize = hiddenSize / heads
        for layer in layers.prefix(layers.count - skip) {
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
        }
        return try hidden.layerNorm(finalNormWeight, finalNormBias, eps: eps)
    }
}
