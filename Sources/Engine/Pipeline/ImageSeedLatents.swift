import Foundation

/// What an image-seeded generation starts from: diffusers' img2img (the seed images encoded and
/// noised to the strength's timestep) and inpainting (the same, with masks: a 4-channel UNet's
/// latents are blended with the noised originals outside the mask after each step; a 9-channel
/// inpainting UNet reads the mask and the masked image's latents beside its input).
public struct ImageSeedInput: Sendable {
    /// The seed images, all of the output size: one for the whole batch, or one per image.
    public var images: [RGBImage]
    /// Inpainting masks (white is repainted), of the images' size; empty for img2img.
    public var masks: [RGBImage]
    /// How much of the schedule runs (diffusers' `strength`, 0...1).
    public var strength: Double

    public init(images: [RGBImage], masks: [RGBImage] = [], strength: Double) {
        self.images = images
        self.masks = masks
        self.strength = strength
    }
}

/// The latents an image-seeded loop starts from and what each step of it needs.
struct SeededStart {
    /// The index of the first scheduler timestep that runs (the first step that runs times the
    /// scheduler's order).
    var start: Int
    var latents: Tensor
    /// For inpainting: the clean image latents, the noise they are noised with, and the mask at
    /// latent size (1 where the image is repainted), each repeated over the batch.
    var inpaint: (imageLatents: Tensor?, noise: Tensor, mask: Tensor, maskedImageLatents: Tensor)?
}

extension StableDiffusionPipeline {
    /// diffusers' `get_timesteps`: `int(steps * strength)` of the steps run, the last ones.
    static func firstStep(steps: Int, strength: Double) -> Int {
        let product = Double(steps) * strength
        let run = product.isFinite ? min(Int(max(product, 0).rounded(.towardZero)), steps) : steps
        return max(steps - run, 0)
    }

    /// Images as a float32 batch [n, 3, height, width] in -1...1, as diffusers' image processor
    /// normalises them.
    static func tensor(_ images: [RGBImage]) throws(TorchError) -> Tensor {
        guard let first = images.first else { throw TorchError("no seed image") }
        let plane = first.width * first.height
        var values = [Float](repeating: 0, count: images.count * 3 * plane)
        for (n, image) in images.enumerated() {
            guard image.width == first.width, image.height == first.height, image.pixels.count == plane * 3 else {
                throw TorchError("the seed images of one batch must have one size")
            }
            for p in 0..<plane {
                for c in 0..<3 { values[(n * 3 + c) * plane + p] = Float(image.pixels[p * 3 + c]) / 255 * 2 - 1 }
            }
        }
        return try Tensor.floats(values, shape: [images.count, 3, first.height, first.width])
    }

    /// Masks as diffusers' mask processor makes them: grey by Pillow's luma weights, then 0 or 1
    /// around one half; [n, 1, height, width] float32.
    static func maskValues(_ masks: [RGBImage]) -> [[Float]] {
        masks.map { mask in
            (0..<(mask.width * mask.height)).map { p in
                let r = UInt32(mask.pixels[p * 3]), g = UInt32(mask.pixels[p * 3 + 1]), b = UInt32(mask.pixels[p * 3 + 2])
                let grey = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16
                return Float(grey) / 255 < 0.5 ? 0 : 1
            }
        }
    }

    /// `tensor` repeated whole until it has `batch` entries (diffusers' `repeat`/`cat` of a
    /// smaller image batch).
    static func repeated(_ tensor: Tensor, to batch: Int) throws(TorchError) -> Tensor {
        let count = tensor.shape[0]
        guard count != batch else { return tensor }
        guard count > 0, batch % count == 0 else {
            throw TorchError("cannot spread \(count) seed images over a batch of \(batch)")
        }
        return try Tensor.cat(Array(repeating: tensor, count: batch / count), dimension: 0)
    }

    /// The VAE's latents of images: a sample of the encoder's distribution, drawn from the
    /// generator, times the scaling factor.
    func encodedLatents(_ images: Tensor, generator: RandomGenerator, memory: VAEMemoryOptions) throws(TorchError) -> Tensor {
        let (mean, deviation) = try encoder.distribution(images, memory: memory)
        let sample = try mean.adding(deviation.multiplying(generator.randn(mean.shape, type: dtype).converted(to: .float32)))
        return try sample.multiplying(vae.scalingFactor)
    }

    /// The start of an image-seeded loop, drawing from `generator` in diffusers' order: the
    /// image's encoding, the noise, then (inpainting) the masked image's encoding.
    func seededStart(_ input: ImageSeedInput, scheduler: any DiffusionScheduler<Tensor>, steps: Int, shape: [Int],
                     generator: RandomGenerator, memory: VAEMemoryOptions) throws(TorchError) -> SeededStart {
        let batch = shape[0], height = shape[2] * vaeScaleFactor, width = shape[3] * vaeScaleFactor
        guard input.images.allSatisfy({ $0.width == width && $0.height == height }),
              input.masks.allSatisfy({ $0.width == width && $0.height == height }) else {
            throw TorchError("the seed images must be \(width)x\(height), the output size")
        }
        guard input.strength.isFinite, input.strength >= 0, input.strength <= 1 else {
            throw TorchError("the image seed strength must be between 0 and 1, not \(input.strength)")
        }
        let firstStep = Self.firstStep(steps: steps, strength: input.strength)
        let start = firstStep * scheduler.order
        guard start < scheduler.timesteps.count, firstStep < steps else {
            throw TorchError("an image seed strength of \(input.strength) runs no step of \(steps); use a higher strength or more steps")
        }
        let images = try Self.tensor(input.images)
        if input.masks.isEmpty {
            let imageLatents = try Self.repeated(encodedLatents(images, generator: generator, memory: memory), to: batch)
            let noise = try generator.randn(shape, type: dtype).converted(to: .float32)
            return SeededStart(start: start, latents: scheduler.addNoise(imageLatents, noise: noise, step: start), inpaint: nil)
        }
        let fullStrength = input.strength == 1
        let readsImageLatents = unet.inChannels == vae.latentChannels || !fullStrength
        let imageLatents = readsImageLatents ? try Self.repeated(encodedLatents(images, generator: generator, memory: memory), to: batch) : nil
        let noise = try generator.randn(shape, type: dtype).converted(to: .float32)
        let latents: Tensor
        if let imageLatents, !fullStrength {
            latents = scheduler.addNoise(imageLatents, noise: noise, step: start)
        } else {
            latents = try noise.multiplying(scheduler.initNoiseSigma)
        }
        let masks = Self.maskValues(input.masks)
        let kept = try Tensor.floats(masks.flatMap { $0.map { $0 < 0.5 ? 1 : 0 } }, shape: [masks.count, 1, height, width])
        let maskedImageLatents = try Self.repeated(encodedLatents(images.multiplying(kept), generator: generator, memory: memory), to: batch)
        // nearest-neighbour to latent size: each latent cell takes its top-left pixel
        let small = masks.flatMap { mask in
            (0..<shape[2]).flatMap { y in (0..<shape[3]).map { x in mask[(y * vaeScaleFactor) * width + x * vaeScaleFactor] } }
        }
        let mask = try Self.repeated(Tensor.floats(small, shape: [masks.count, 1, shape[2], shape[3]]), to: batch)
        return SeededStart(start: start, latents: latents, inpaint: (imageLatents, noise, mask, maskedImageLatents))
    }
}
