import Foundation

/// One LoRA file: low-rank updates (`up` x `down`, scaled by alpha / rank) of a pipeline's
/// linear and convolution weights, by component (`unet`, `text_encoder`, `text_encoder_2`) and
/// module. Reads kohya's layout (`lora_unet_down_blocks_0_..._to_q.lora_down.weight`, `.alpha`;
/// `lora_te_`, `lora_te1_`, `lora_te2_` for the text encoders) and diffusers' (`unet.MODULE`
/// with `.lora_A`/`.lora_B`, `.lora.down`/`.lora.up`, `.lora_linear_layer.down`/`.up`, and the
/// older attention-processor names such as `attn1.processor.to_q_lora.down`).
public struct LoRAFile: Sendable {
    /// One module's update.
    public struct Update: @unchecked Sendable {
        public var down: Tensor
        public var up: Tensor
        /// The alpha the module is scaled by (alpha / rank), as diffusers settles it: the file's
        /// own, or the component's (see `componentAlpha`).
        public var alpha: Double?
        public var rank: Int { down.shape.first ?? 1 }
    }

    public let path: String
    /// Updates by component, then by module name: diffusers' dotted name, or for kohya's
    /// layout the name with every `.` as `_` (kohya's own form, matched against the model's).
    public let updates: [String: [String: Update]]
    /// Whether module names are kohya's flattened ones.
    public let flattened: Bool
    /// The mapped file the updates are read from in place, kept open while they are used.
    let storage: SafetensorsFile

    /// The name a component's module has in this file.
    public func key(_ module: String) -> String {
        flattened ? module.replacingOccurrences(of: ".", with: "_") : module
    }

    public init(path: String) throws(ModelFileError) {
        self.path = path
        let file = try SafetensorsFile(path: path)
        var updates: [String: [String: Update]] = [:]
        var downs: [String: (component: String, module: String, name: String)] = [:]
        var ups: [String: String] = [:], alphas: [String: String] = [:]
        var order: [String: [String]] = [:]
        let kohya = file.tensors.keys.contains { $0.hasPrefix("lora_unet_") || $0.hasPrefix("lora_te") }
        for name in file.tensors.keys {
            guard let (component, module, part) = kohya ? Self.kohyaKey(name) : Self.diffusersKey(name) else { continue }
            let id = component + "\u{0}" + module
            switch part {
            case .down: downs[id] = (component, module, name)
            case .up: ups[id] = name
            case .alpha: alphas[id] = name
            }
        }
        // in key order: diffusers reads the alphas and ranks in it, and its defaults depend on it
        for (id, down) in downs.sorted(by: { $0.value.name < $1.value.name }) {
            guard let up = ups[id] else { throw ModelFileError(file: path, tensor: down.name, "has no matching up weight") }
            let alpha = try alphas[id].map { name throws(ModelFileError) in try Self.scalar(file, name) }
            updates[down.component, default: [:]][down.module] = Update(down: try Self.tensor(file, down.name), up: try Self.tensor(file, up), alpha: alpha)
            order[down.component, default: []].append(down.module)
        }
        for (component, all) in order {
            guard var byModule = updates[component] else { continue }
            let kept = Set(kohya ? Self.kohyaModulesKept(component: component, modules: all) : all)
            let alpha = Self.componentAlpha(all.compactMap { byModule[$0]?.alpha }, firstRank: all.first.flatMap { byModule[$0]?.rank } ?? 1)
            for module in all {
                guard kept.contains(module) else {
                    byModule[module] = nil
                    continue
                }
                let own = kohya && !Self.kohyaAlphaHonoured(component: component, module: module) ? nil : byModule[module]?.alpha
                byModule[module]?.alpha = own ?? alpha
            }
            updates[component] = byModule
        }
        guard !updates.isEmpty else {
            throw ModelFileError(file: path, "has no LoRA weights in kohya's or diffusers' layout")
        }
        self.updates = updates
        flattened = kohya
        storage = file
    }

    enum Part { case down, up, alpha }

    /// The alpha diffusers gives a component's modules: the most common of the file's alphas
    /// (the first of equally common ones), or without alphas the first module's rank.
    static func componentAlpha(_ alphas: [Double], firstRank: Int) -> Double {
        guard !alphas.isEmpty else { return Double(firstRank) }
        var counts: [Double: Int] = [:]
        for alpha in alphas { counts[alpha, default: 0] += 1 }
        let most = counts.values.max() ?? 0
        return alphas.first { counts[$0] == most } ?? alphas[0]
    }

    /// The kohya modules of a component that diffusers loads: a text encoder's self-attention
    /// updates are read only when one of them is an `out_proj` update (diffusers tells the
    /// old attention-processor layout by it); without one they are dropped.
    static func kohyaModulesKept(component: String, modules: [String]) -> [String] {
        guard component.hasPrefix("text_encoder"), !modules.contains(where: { $0.hasSuffix("self_attn_out_proj") }) else { return modules }
        return modules.filter { !$0.contains("self_attn") }
    }

    /// Whether diffusers keeps a kohya module's own alpha. It renames the transformer blocks'
    /// attention layers (`attn1.processor.to_q_lora`) and the text encoders' self-attention
    /// (`self_attn.to_q_lora`) so that their alphas no longer name them: those take the
    /// component's alpha.
    static func kohyaAlphaHonoured(component: String, module: String) -> Bool {
        if component == "unet" { return !(module.contains("transformer_blocks") && (module.contains("attn1") || module.contains("attn2"))) }
        return !module.contains("self_attn")
    }

    /// kohya's `lora_unet_NAME.lora_down.weight`: the component, the flattened module name, the part.
    static func kohyaKey(_ key: String) -> (String, String, Part)? {
        let prefixes = [("lora_unet_", "unet"), ("lora_te1_", "text_encoder"), ("lora_te2_", "text_encoder_2"), ("lora_te_", "text_encoder")]
        guard let (prefix, component) = prefixes.first(where: { key.hasPrefix($0.0) }),
              let dot = key.firstIndex(of: ".") else { return nil }
        let module = String(key[key.index(key.startIndex, offsetBy: prefix.count)..<dot])
        switch key[dot...] {
        case ".lora_down.weight": return (component, module, .down)
        case ".lora_up.weight": return (component, module, .up)
        case ".alpha": return (component, module, .alpha)
        default: return nil
        }
    }

    /// diffusers' and PEFT's `COMPONENT.MODULE.lora_A.weight` (and the older forms): the
    /// component, the module's dotted name, the part. Keys without a component are the UNet's.
    static func diffusersKey(_ key: String) -> (String, String, Part)? {
        var rest = key
        var component = "unet"
        for prefix in ["unet.", "text_encoder_2.", "text_encoder."] where rest.hasPrefix(prefix) {
            component = String(prefix.dropLast())
            rest.removeFirst(prefix.count)
            break
        }
        let suffixes: [(String, Part)] = [
            (".lora_A.weight", .down), (".lora_B.weight", .up), (".lora.down.weight", .down), (".lora.up.weight", .up),
            (".lora_linear_layer.down.weight", .down), (".lora_linear_layer.up.weight", .up),
            ("_lora.down.weight", .down), ("_lora.up.weight", .up), (".alpha", .alpha),
        ]
        guard let (suffix, part) = suffixes.first(where: { rest.hasSuffix($0.0) }) else { return nil }
        var module = String(rest.dropLast(suffix.count))
        // the attention processors' names: `attn1.processor.to_q` (UNet), `self_attn.to_q` (CLIP)
        if suffix.hasPrefix("_lora") {
            let clip = component.hasPrefix("text_encoder")
            module = module.replacingOccurrences(of: ".processor.", with: ".")
            for (old, new) in [("to_q", clip ? "q_proj" : "to_q"), ("to_k", clip ? "k_proj" : "to_k"), ("to_v", clip ? "v_proj" : "to_v"),
                               ("to_out", clip ? "out_proj" : "to_out.0")] where module.hasSuffix("." + old) {
                module = String(module.dropLast(old.count)) + new
            }
        }
        return (component, module, part)
    }

    static func tensor(_ file: SafetensorsFile, _ name: String) throws(ModelFileError) -> Tensor {
        guard let info = file.tensors[name] else { throw ModelFileError(file: file.path, tensor: name, "not in the file") }
        do {
            let borrowed = try Tensor.borrowing(try file.bytes(of: name), type: try TensorType(info.dtype), shape: info.shape, owner: file)
            return try borrowed.converted(to: .float32)
        } catch let error as ModelFileError {
            throw error
        } catch let error as TorchError {
            throw ModelFileError(file: file.path, tensor: name, error.message)
        } catch {
            throw ModelFileError(file: file.path, tensor: name, "\(error)")
        }
    }

    static func scalar(_ file: SafetensorsFile, _ name: String) throws(ModelFileError) -> Double {
        do {
            guard let value = try tensor(file, name).floats().first, file.tensors[name]?.elementCount == 1 else {
                throw ModelFileError(file: file.path, tensor: name, "must be one number")
            }
            return Double(value)
        } catch let error as ModelFileError {
            throw error
        } catch {
            throw ModelFileError(file: file.path, tensor: name, "\(error)")
        }
    }
}

/// LoRAs as dgenerate applies them: each with its URI's scale, all fused into the weights at
/// the global `--lora-fuse-scale`, in the order given.
public struct LoRAStack: Sendable {
    /// Each file with its scale and the model as the user named it (for messages).
    public var files: [(file: LoRAFile, scale: Double, model: String)]
    public var fuseScale: Double
    public init(files: [(file: LoRAFile, scale: Double, model: String)], fuseScale: Double) {
        self.files = files
        self.fuseScale = fuseScale
    }

}

/// A component's weights with the LoRAs' updates added: each `MODULE.weight` the component asks
/// for gets `(up x down) * scale * alpha / rank * fuse scale` of every file that updates it,
/// as PEFT merges them (in float32, the files in order).
final class LoRAWeights: WeightSource {
    let base: WeightSource
    let stack: LoRAStack
    let component: String
    /// The modules each file updated, by file index.
    private(set) var used: [Set<String>]
    /// Shape mismatches, in the order met (the reference's `size mismatch` lines).
    private(set) var mismatches: [String] = []
    /// A module's name in the original UNet's layout (`input_blocks.4.1.proj_in`), under which
    /// kohya's SDXL LoRAs name it; nil for other components.
    let originalName: ((String) -> String?)?

    init(base: WeightSource, stack: LoRAStack, component: String, originalName: ((String) -> String?)? = nil) {
        self.base = base
        self.stack = stack
        self.component = component
        self.originalName = originalName
        used = Array(repeating: [], count: stack.files.count)
    }

    /// The key of `module`'s update in `file`, and the update: under diffusers' name, or (kohya)
    /// under the original layout's.
    func update(_ module: String, in file: LoRAFile) -> (key: String, update: LoRAFile.Update)? {
        let key = file.key(module)
        if let update = file.updates[component]?[key] { return (key, update) }
        guard file.flattened, let original = originalName?(module).map(file.key), let update = file.updates[component]?[original] else { return nil }
        return (original, update)
    }

    func tensor(_ name: String, shape: [Int], role: WeightRole) throws(ModelFileError) -> Tensor {
        let weight = try base.tensor(name, shape: shape, role: role)
        guard name.hasSuffix(".weight"), shape.count == 2 || shape.count == 4 else { return weight }
        let module = String(name.dropLast(".weight".count))
        var fused: Tensor? = nil
        for (index, entry) in stack.files.enumerated() {
            guard let (key, update) = self.update(module, in: entry.file) else { continue }
            used[index].insert(key)
            let rank = update.rank, outputs = shape[0], inputs = shape.dropFirst().reduce(1, *)
            guard update.down.shape.first == rank, update.down.shape.dropFirst().reduce(1, *) == inputs,
                  update.up.shape.first == outputs, update.up.shape.dropFirst().reduce(1, *) == rank,
                  update.down.shape.count == shape.count || shape.count == 2 else {
                let expected = [rank] + Array(shape.dropFirst())
                mismatches.append("size mismatch for \(module).lora_A.\(index).weight: copying a param with shape "
                                  + "torch.Size(\(update.down.shape)) from checkpoint, the shape in current model is torch.Size(\(expected)).")
                continue
            }
            // PEFT's scaling: the adapter's weight times alpha over rank, times the fuse scale
            let scaling = entry.scale * (update.alpha ?? Double(rank)) / Double(rank) * stack.fuseScale
            do throws(TorchError) {
                let delta = try update.up.reshaped([outputs, rank]).matmul(update.down.reshaped([rank, inputs])).reshaped(shape).multiplying(scaling)
                if let sum = fused {
                    fused = try sum.adding(delta)
                } else {
                    fused = try weight.converted(to: .float32).adding(delta)
                }
            } catch {
                throw ModelFileError(file: entry.file.path, tensor: key, error.message)
            }
        }
        guard let fused else { return weight }
        do throws(TorchError) {
            return try fused.converted(to: weight.type)
        } catch {
            throw ModelFileError(file: stack.files.first?.file.path ?? "", tensor: module, error.message)
        }
    }
}
