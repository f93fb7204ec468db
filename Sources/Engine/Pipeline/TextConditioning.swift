/// The text side of a pipeline: its tokenizers and text encoders, and how prompts become the
/// UNet's conditioning in each model family (diffusers' `encode_prompt`).
struct TextConditioning {
    /// A tokenizer with the encoder it feeds.
    struct Encoder {
        let tokenizer: CLIPTokenizer
        let model: CLIPTextEncoder
        /// The model folder's names of the two (`tokenizer_2`, `text_encoder_2`).
        let tokenizerName: String, modelName: String
    }

    enum Family {
        /// Stable Diffusion 1.x and 2.x: one encoder's last hidden state (through its final norm).
        case single
        /// SDXL: each encoder's penultimate layer side by side, and the second's pooled output.
        /// `forceZerosForEmptyPrompt`: without a negative prompt, the negative conditioning is zeros.
        case xl(forceZerosForEmptyPrompt: Bool)
    }

    let encoders: [Encoder]
    let family: Family

    /// The conditioning for one side of guidance: the context the UNet attends to and, for
    /// SDXL, the pooled text.
    struct Conditioning {
        var context: Tensor
        var pooled: Tensor?
    }

    /// The width of the context (the UNet's cross-attention width must match it).
    var contextWidth: Int {
        switch family {
        case .single: encoders.first?.model.hiddenSize ?? 0
        case .xl: encoders.reduce(0) { $0 + $1.model.hiddenSize }
        }
    }

    /// The prompts' conditioning, each repeated `batch` times: the positive one, and the
    /// negative one when `guided`. `prompt2` and `negativePrompt2` go to the second encoder
    /// (SDXL), defaulting to the first prompts.
    func encode(prompt: String, prompt2: String?, negativePrompt: String?, negativePrompt2: String?,
                batch: Int, clipSkip: Int?, guided: Bool) throws(TorchError) -> (positive: Conditioning, negative: Conditioning?) {
        switch family {
        case .single:
            guard let encoder = encoders.first else { throw TorchError("the model has no text encoder") }
            func encoded(_ text: String) throws(TorchError) -> Conditioning {
                Conditioning(context: try encoder.model.encode(Array(repeating: encoder.tokenizer.encode(text), count: batch), clipSkip: clipSkip))
            }
            return (try encoded(prompt), guided ? try encoded(negativePrompt ?? "") : nil)
        case .xl(let forceZeros):
            let positive = try xl([prompt, prompt2 ?? prompt], batch: batch, clipSkip: clipSkip)
            guard guided else { return (positive, nil) }
            if negativePrompt == nil && forceZeros {
                func zeros(_ x: Tensor) throws(TorchError) -> Tensor { try Tensor.full(0, shape: x.shape, type: x.type) }
                return (positive, Conditioning(context: try zeros(positive.context), pooled: try positive.pooled.map(zeros)))
            }
            let negative = negativePrompt ?? ""
            // diffusers encodes the negative side at the penultimate layer whatever the clip skip
            return (positive, try xl([negative, negativePrompt2 ?? negative], batch: batch, clipSkip: nil))
        }
    }

    /// SDXL's conditioning: the n-th prompt through the n-th encoder (a refiner, with only the
    /// second encoder, takes the first prompt), hidden states side by side, the last encoder's
    /// pooled output.
    private func xl(_ prompts: [String], batch: Int, clipSkip: Int?) throws(TorchError) -> Conditioning {
        var contexts: [Tensor] = []
        var pooled: Tensor? = nil
        for (encoder, prompt) in zip(encoders, prompts) {
            let (hidden, pooledOutput) = try encoder.model.encodeWithPooled(Array(repeating: encoder.tokenizer.encode(prompt), count: batch),
                                                                           clipSkip: clipSkip)
            contexts.append(hidden)
            if encoder.model.textProjection != nil { pooled = pooledOutput }
        }
        guard let pooled else { throw TorchError("an SDXL model needs a text encoder with a projection (text_encoder_2)") }
        return Conditioning(context: contexts.count == 1 ? contexts[0] : try Tensor.cat(contexts, dimension: 2), pooled: pooled)
    }

    /// The reference's warnings for prompts longer than a tokenizer's limit (77 for CLIP).
    /// Prompts are cut above the limit less the start and end markers, so 76 and 77 tokens are
    /// cut without a warning, as in the reference.
    func promptWarnings(prompt: String, negativePrompt: String?) -> [String] {
        guard let tokenizer = encoders.first?.tokenizer else { return [] }
        return [("Primary positive prompt", prompt), ("Primary negative prompt", negativePrompt ?? "")]
            .filter { !$0.1.isEmpty && tokenizer.tokenCount($0.1) > tokenizer.maximumLength }
            .map { "\($0.0) exceeds max token length of \(tokenizer.maximumLength) for the model's tokenizer and will be truncated: \"\($0.1)\"" }
    }
}
