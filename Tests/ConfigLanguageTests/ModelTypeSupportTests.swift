import ConfigLanguage
import Foundation
import Testing
import Templating

/// The schema's model-type table (`ModelTypeSupport`) against the configuration check that
/// refuses options on model types: every option with a row, on every model type, with
/// `--image-seeds` given so that the image-seed requirements stay out of the way.
/// (The check's messages themselves are compared with the reference in `CommandLineCaseTests`,
/// the `check_*` cases.)
@Suite struct ModelTypeSupportTests {
    /// A value the option's own type accepts (the check looks at presence, not at values, for
    /// these options).
    static func value(_ option: CommandOption) -> [String] {
        switch option.arity {
        case .none: return []
        default:
            if option.dest.contains("mask_shapes") { return ["rectangle"] }
            return [option.dest.contains("params") ? "1,1,1,1" : "1"]
        }
    }

    static let needImageSeeds: Set<String> = ["pix2pix", "sdxl-pix2pix", "sd3-pix2pix", "upscaler-x2", "upscaler-x4", "ifs", "ifs-img2img", "flux-fill"]

    @Test func checkRefusesExactlyTheModelTypesOutsideEachRow() {
        var checked = 0
        for option in OptionCatalogue.options {
            guard let supported = option.modelTypes else { continue }
            for modelType in ModelTypeSupport.allModelTypes {
                var values: [String: [String]] = [
                    "model_path": ["some/model"], "model_type": [modelType], "image_seeds": ["x"], option.dest: Self.value(option),
                ]
                // options that only mean something with their companion given (the row governs
                // the companion too, so the comparison below leaves both out)
                let dest = option.dest
                var companions: [String: [String]] = [:]
                if dest.hasPrefix("hi_diffusion_") { companions["hi_diffusion"] = [] }
                if dest.hasPrefix("adetailer_") && dest != "adetailer_detector_uris" { companions["adetailer_detector_uris"] = ["x"] }
                if dest.hasSuffix("quantizer_map") { companions[dest.replacingOccurrences(of: "_map", with: "_uri")] = ["x"] }
                if dest == "sdxl_t2i_adapter_factors" { companions["t2i_adapter_uris"] = ["x"] }
                if dest == "sada_lagrange_terms" { values[dest] = ["0"] }
                // the refusal of PAG belongs to choosing a text-to-image pipeline
                if dest == "pag" { values["image_seeds"] = nil }
                if dest.hasPrefix("sdxl_refiner_") || dest.hasPrefix("second_model_") || dest == "sdxl_high_noise_fractions" {
                    companions[modelType == "s-cascade" ? "s_cascade_decoder_uri" : "sdxl_refiner_uri"] = ["x.safetensors"]
                }
                values.merge(companions) { $1 }
                // PAG's refusal belongs to the text-to-image pipeline; model types that need image
                // seeds stop earlier, on the image seeds (their PAG check comes with the image-seed port)
                if dest == "pag" && Self.needImageSeeds.contains(modelType) { continue }
                let problem = ConfigurationCheck.problem(values)
                var without = values
                without[dest] = nil
                for key in companions.keys { without[key] = nil }
                let problemWithout = ConfigurationCheck.problem(without)
                if supported.contains(modelType) {
                    #expect(problem == problemWithout, "\(option.dest) on \(modelType): \(problem ?? "")")
                } else {
                    // refused, and because of this option
                    #expect(problem != nil && problem != problemWithout, "\(option.dest) should be refused on \(modelType)")
                }
                checked += 1
            }
        }
        #expect(checked > 100 * ModelTypeSupport.allModelTypes.count / 16)
    }

    @Test func optionsWithoutARowWorkEverywhere() {
        #expect(OptionCatalogue.options.first { $0.dest == "prompts" }?.modelTypes == nil)
        #expect(OptionCatalogue.options.first { $0.dest == "tea_cache" }?.modelTypes == ["flux", "flux-fill", "flux-kontext"])
        #expect(ModelTypeSupport.supports("sdxl_refiner_uri", "kolors"))
        #expect(!ModelTypeSupport.supports("sdxl_refiner_uri", "s-cascade"))
    }
}
