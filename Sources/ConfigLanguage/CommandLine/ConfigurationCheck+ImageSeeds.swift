/// The reference's reading of `--image-seeds` in its configuration check (`_process_image_seeds`):
/// each URI parsed, then what the seeds may not be combined with.
extension ConfigurationCheck {
    /// The image seeds as `ImageSeedURI` values, or the first one's error.
    func parsedImageSeeds() throws(Problem) -> [ImageSeedURI] {
        let exists = seedFileExists ?? ImageSeedURI.assumedToExist
        var parsed: [ImageSeedURI] = []
        for uri in values["image_seeds"] ?? [] {
            do throws(ImageSeedURI.Failure) {
                parsed.append(try ImageSeedURI(uri, exists: exists))
            } catch {
                try fail(error.message)
            }
            try checkSeed(parsed[parsed.count - 1])
        }
        return parsed
    }

    /// What one seed needs of the other options.
    func checkSeed(_ seed: ImageSeedURI) throws(Problem) {
        if let adapters = seed.adapterImages {
            guard let uris = values["ip_adapter_uris"] else {
                try fail("You may not use IP Adapter images in your \(name("image_seeds")) specification without specifying \(name("ip_adapter_uris")).")
            }
            if adapters.count != uris.count {
                try fail("The amount of IP Adapter image groups in your \(name("image_seeds")) specification \"\(seed.uri)\" must equal the number of \(name("ip_adapter_uris")) supplied. You have supplied \(adapters.count) IP Adapter image groups for \(uris.count) IP Adapter models.")
            }
        }
        if seed.controlImages != nil && !seed.isSingleSpec && !isTrue("controlnet_uris") {
            try fail("Cannot use the \"control\" argument in an image seed without specifying \(name("controlnet_uris")).")
        }
    }

    func checkImageSeeds() throws(Problem) -> [ImageSeedURI] {
        guard isTrue("image_seeds") else { return [] }
        let seeds = try parsedImageSeeds()
        if seeds.allSatisfy({ $0.images == nil }) && isTrue("image_seed_strengths") {
            try fail("\(name("image_seed_strengths")) cannot be used unless an img2img operation exists in at least one \(name("image_seeds")) definition.")
        }
        let crop = Self.cropsInpainting(values)
        if seeds.allSatisfy({ $0.masks == nil }) && crop {
            try fail("All image seeds must be inpainting definitions when \(name("inpaint_crop")) or related arguments are used.")
        }
        if isTrue("inpaint_crop") {
            for seed in seeds where (seed.images?.count ?? 0) > 1 || (seed.masks?.count ?? 0) > 1 {
                try fail("Inpaint batching via \(name("image_seeds")) batching syntax is not supported with \(name("inpaint_crop")), but you may use \(name("batch_size"))")
            }
        }
        return seeds
    }
}
