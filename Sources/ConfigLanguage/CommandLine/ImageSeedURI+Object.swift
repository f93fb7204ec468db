import BigInt
import Templating

/// An image seed as templates see it in `last_parsed_image_seeds`: an object of the reference's
/// class `dgenerate.mediainput.ImageSeedParseResult`, with its attributes.
final class ImageSeedParseResultObject: TemplateObject, @unchecked Sendable {
    let seed: ImageSeedURI

    init(_ seed: ImageSeedURI) { self.seed = seed }

    var typeName: String { "ImageSeedParseResult" }
    var moduleName: String? { "dgenerate.mediainput" }

    func attribute(_ name: String) -> Value? {
        func strings(_ list: [String]?) -> Value { list.map { .list($0.map(Value.string)) } ?? Value.none }
        func integer(_ number: Int?) -> Value { number.map { .integer(BigInt($0)) } ?? Value.none }
        switch name {
        case "uri": return .string(seed.uri)
        case "images": return strings(seed.images)
        case "mask_images": return strings(seed.masks)
        case "control_images": return strings(seed.controlImages)
        case "latents": return strings(seed.latents)
        case "adapter_images": return seed.adapterImages.map { .list($0.map { .list($0.map(Value.string)) }) } ?? Value.none
        case "floyd_image": return seed.floydImage.map(Value.string) ?? Value.none
        case "resize_resolution":
            return seed.resize.map { .tuple([.integer(BigInt($0.width)), .integer(BigInt($0.height))]) } ?? Value.none
        case "resize_align": return integer(seed.align)
        case "aspect_correct": return seed.aspect.map(Value.bool) ?? Value.none
        case "frame_start": return integer(seed.frameStart)
        case "frame_end": return integer(seed.frameEnd)
        case "multi_image_mode": return .bool(seed.multiImage)
        case "is_single_spec": return .bool(seed.isSingleSpec)
        default: return nil
        }
    }
}

extension ImageSeedURI {
    /// This seed as a template value (`last_parsed_image_seeds`' items).
    public var templateValue: Value { .object(ImageSeedParseResultObject(self)) }
}
