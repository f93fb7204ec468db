/// Where a diffusers weight lives in an original (LDM / "single-file") Stable Diffusion
/// checkpoint, as diffusers' single-file conversion maps it: the UNet under
/// `model.diffusion_model.` in its `input_blocks`/`middle_block`/`output_blocks` layout, the VAE
/// under `first_stage_model.`, CLIP text encoders in transformers' own layout, and OpenCLIP ones
/// with their fused `in_proj` attention weights.
public struct LDMKey: Equatable, Sendable {
    /// How the stored tensor becomes the diffusers one.
    public enum Transform: Equatable, Sendable {
        case none
        /// OpenCLIP's `text_projection` is stored transposed.
        case transpose
        /// One third of a fused `in_proj` (0: query, 1: key, 2: value).
        case third(Int)
    }

    public var name: String
    public var transform: Transform = .none

    public init(_ name: String, _ transform: Transform = .none) {
        self.name = name
        self.transform = transform
    }
}

public enum LDMKeys {
    /// The checkpoint key of a UNet weight of diffusers' name, for a UNet of `layersPerBlock`
    /// resnets per down block; `upsamplerSlot` says whether a block's upsampler follows an
    /// attention (slot 2) or not (slot 1). Nil for a name the layout has no place for.
    public static func unet(_ name: String, layersPerBlock: Int, upsamplerSlot: (Int) -> Int) -> LDMKey? {
        let p = "model.diffusion_model."
        let fixed = ["time_embedding.linear_1": "time_embed.0", "time_embedding.linear_2": "time_embed.2", "conv_in": "input_blocks.0.0",
                     "conv_norm_out": "out.0", "conv_out": "out.2", "add_embedding.linear_1": "label_emb.0.0",
                     "add_embedding.linear_2": "label_emb.0.2"]
        let parts = name.split(separator: ".").map(String.init)
        guard parts.count >= 2 else { return nil }
        let module = parts.dropLast().joined(separator: "."), leaf = parts[parts.count - 1]
        if let mapped = fixed[module] { return LDMKey(p + mapped + "." + leaf) }
        let span = layersPerBlock + 1
        switch parts[0] {
        case "down_blocks", "up_blocks":
            guard parts.count >= 5, let block = Int(parts[1]), let layer = Int(parts[3]) else { return nil }
            let down = parts[0] == "down_blocks"
            let rest = parts.dropFirst(4).joined(separator: ".")
            let base = down ? 1 + block * span : block * span
            let blocks = down ? "input_blocks" : "output_blocks"
            switch parts[2] {
            case "resnets": return resnet(rest).map { LDMKey(p + "\(blocks).\(base + layer).0." + $0) }
            case "attentions": return LDMKey(p + "\(blocks).\(base + layer).1." + rest)
            case "downsamplers" where down && rest.hasPrefix("conv."):
                return LDMKey(p + "input_blocks.\(base + layersPerBlock).0.op." + rest.dropFirst("conv.".count))
            case "upsamplers" where !down && rest.hasPrefix("conv."):
                return LDMKey(p + "output_blocks.\(base + layersPerBlock).\(upsamplerSlot(block)).conv." + rest.dropFirst("conv.".count))
            default: return nil
            }
        case "mid_block":
            guard parts.count >= 4, let index = Int(parts[2]) else { return nil }
            let rest = parts.dropFirst(3).joined(separator: ".")
            switch parts[1] {
            case "resnets": return resnet(rest).map { LDMKey(p + "middle_block.\(2 * index)." + $0) }
            case "attentions": return LDMKey(p + "middle_block.\(2 * index + 1)." + rest)
            default: return nil
            }
        default:
            return nil
        }
    }

    /// A UNet resnet's inner names (`norm1` is `in_layers.0`, ...).
    static func resnet(_ rest: String) -> String? {
        let names = ["norm1": "in_layers.0", "conv1": "in_layers.2", "time_emb_proj": "emb_layers.1", "norm2": "out_layers.0",
                     "conv2": "out_layers.3", "conv_shortcut": "skip_connection"]
        guard let dot = rest.firstIndex(of: "."), let mapped = names[String(rest[..<dot])] else { return nil }
        return mapped + rest[dot...]
    }

    /// The checkpoint key of a VAE weight (`blockCount` resolution levels; the decoder's levels
    /// are stored in reverse).
    public static func vae(_ name: String, blockCount: Int, prefix: String = "first_stage_model.") -> LDMKey? {
        var parts = name.split(separator: ".").map(String.init)
        guard parts.count >= 3, ["encoder", "decoder"].contains(parts[0]) || parts[0].hasSuffix("quant_conv") else {
            return ["quant_conv", "post_quant_conv"].contains(parts.first ?? "") ? LDMKey(prefix + name) : nil
        }
        let half = parts[0]
        if parts[1] == "conv_norm_out" { parts[1] = "norm_out" }
        switch parts[1] {
        case "down_blocks", "up_blocks":
            guard parts.count >= 5, let level = Int(parts[2]), let layer = Int(parts[4]) else { return nil }
            let stored = parts[1] == "up_blocks" ? blockCount - 1 - level : level
            let kind = parts[1] == "up_blocks" ? "up" : "down"
            switch parts[3] {
            case "resnets":
                let rest = parts.dropFirst(5).map { $0 == "conv_shortcut" ? "nin_shortcut" : $0 }.joined(separator: ".")
                return LDMKey(prefix + "\(half).\(kind).\(stored).block.\(layer).\(rest)")
            case "downsamplers", "upsamplers":
                let rest = parts.dropFirst(5).joined(separator: ".")
                return LDMKey(prefix + "\(half).\(kind).\(stored).\(kind == "up" ? "upsample" : "downsample").\(rest)")
            default: return nil
            }
        case "mid_block":
            guard parts.count >= 5, let index = Int(parts[3]) else { return nil }
            let rest = parts.dropFirst(4)
            if parts[2] == "resnets" { return LDMKey(prefix + "\(half).mid.block_\(index + 1)." + rest.joined(separator: ".")) }
            let names = ["group_norm": "norm", "to_q": "q", "to_k": "k", "to_v": "v", "to_out": "proj_out"]
            guard parts[2] == "attentions", let first = rest.first, let mapped = names[first] else { return nil }
            let leaf = rest.dropFirst().filter { $0 != "0" || first != "to_out" }
            return LDMKey(prefix + "\(half).mid.attn_1.\(mapped)." + leaf.joined(separator: "."))
        default:
            return LDMKey(prefix + parts.joined(separator: "."))
        }
    }

    /// The checkpoint key of a CLIP text encoder weight stored in transformers' layout under
    /// `prefix` (`cond_stage_model.transformer.`).
    public static func clip(_ name: String, prefix: String) -> LDMKey { LDMKey(prefix + name) }

    /// The checkpoint key of a CLIP text encoder weight stored in OpenCLIP's layout under
    /// `prefix` (`cond_stage_model.model.`, `conditioner.embedders.1.model.`).
    public static func openCLIP(_ name: String, prefix: String) -> LDMKey? {
        let fixed = ["text_model.embeddings.token_embedding.weight": "token_embedding.weight",
                     "text_model.embeddings.position_embedding.weight": "positional_embedding",
                     "text_model.final_layer_norm.weight": "ln_final.weight", "text_model.final_layer_norm.bias": "ln_final.bias"]
        if let mapped = fixed[name] { return LDMKey(prefix + mapped) }
        if name == "text_projection.weight" { return LDMKey(prefix + "text_projection", .transpose) }
        let layers = "text_model.encoder.layers."
        guard name.hasPrefix(layers) else { return nil }
        let parts = name.dropFirst(layers.count).split(separator: ".").map(String.init)
        guard parts.count >= 3, let index = Int(parts[0]) else { return nil }
        let block = prefix + "transformer.resblocks.\(index)."
        let leaf = parts[parts.count - 1]
        switch (parts[1], parts.count == 4 ? parts[2] : "") {
        case ("layer_norm1", _): return LDMKey(block + "ln_1." + leaf)
        case ("layer_norm2", _): return LDMKey(block + "ln_2." + leaf)
        case ("self_attn", "q_proj"): return LDMKey(block + "attn.in_proj_" + leaf, .third(0))
        case ("self_attn", "k_proj"): return LDMKey(block + "attn.in_proj_" + leaf, .third(1))
        case ("self_attn", "v_proj"): return LDMKey(block + "attn.in_proj_" + leaf, .third(2))
        case ("self_attn", "out_proj"): return LDMKey(block + "attn.out_proj." + leaf)
        case ("mlp", "fc1"): return LDMKey(block + "mlp.c_fc." + leaf)
        case ("mlp", "fc2"): return LDMKey(block + "mlp.c_proj." + leaf)
        default: return nil
        }
    }
}
