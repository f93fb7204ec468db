import ConfigRuntime

extension StableDiffusionPipeline {
    /// Builds the UNet and text encoders that LoRAs update, each from its folder's weights with
    /// the updates fused in (never cached: the fused weights are this pipeline's alone), and
    /// checks the files as dgenerate's loading does: an update of another shape fails with the
    /// reference's `size mismatch` list, and a file that updates nothing is refused.
    final class LoRAFusion {
        let stack: LoRAStack
        /// The modules each file updated, over every component built so far.
        private var used: [Set<String>]

        init(_ stack: LoRAStack) {
            self.stack = stack
            used = Array(repeating: [], count: stack.files.count)
        }

        /// `make` over the component's weights with the LoRAs fused in; `className` is
        /// diffusers' class of the component, for the error.
        func component<Component>(_ component: String, className: String, config: ComponentConfig, weights base: WeightSource,
                                  make: (ComponentConfig, WeightSource) throws(ModelFileError) -> Component) throws -> Component {
            let weights = LoRAWeights(base: base, stack: stack, component: component,
                                      originalName: component == "unet" ? Self.originalUNetName(config) : nil)
            let made = try make(config, weights)
            guard weights.mismatches.isEmpty else {
                throw ScriptError("error loading LoRAs: Error(s) in loading state_dict for \(className):\n\t" + weights.mismatches.joined(separator: "\n\t"))
            }
            for index in used.indices { used[index].formUnion(weights.used[index]) }
            return made
        }

        /// The original (LDM) layout's name of a UNet module of this configuration
        /// (`down_blocks.1.attentions.0.proj_in` is `input_blocks.3.1.proj_in` with one layer a block).
        static func originalUNetName(_ config: ComponentConfig) -> ((String) -> String?)? {
            guard let layers = try? config.int("layers_per_block", minimum: 1), let upTypes = try? config.strings("up_block_types") else { return nil }
            return { module in
                let key = LDMKeys.unet(module + ".weight", layersPerBlock: layers) { block in
                    upTypes.indices.contains(block) && upTypes[block].hasPrefix("CrossAttn") ? 2 : 1
                }
                guard let name = key?.name, name.hasPrefix(SingleFileCheckpoint.unetPrefix), name.hasSuffix(".weight") else { return nil }
                return String(name.dropFirst(SingleFileCheckpoint.unetPrefix.count).dropLast(".weight".count))
            }
        }

        /// Refuses a file none of whose updates fit a module of the pipeline.
        func checkUsed() throws {
            for (index, modules) in used.enumerated() where modules.isEmpty {
                throw ScriptError("LoRA model \"\(stack.files[index].model)\" contained no usable weights.")
            }
        }
    }
}
