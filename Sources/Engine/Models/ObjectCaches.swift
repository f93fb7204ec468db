import ConfigRuntime
import Foundation

/// The engine's in-memory object caches, named and keyed as dgenerate keys them: pipelines by
/// model, family, pipeline type (text to image, img2img, inpainting), revision, variant,
/// subfolder, dtype and device; their UNets, VAEs and text encoders separately, by model
/// folder, component, revision, variant and dtype. A script's invocations of one model load it
/// once; another pipeline type of the same model is another pipeline over the same components.
/// Before a component is loaded, its cache is emptied when the component would take more than
/// three quarters of the memory available (dgenerate's default limit).
public final class ObjectCaches: ModelCaches, @unchecked Sendable {
    /// dgenerate's caches, in the order `\list_object_caches` prints them.
    public static let names = ["controlnet", "image_encoder", "t2i_adapter", "text_encoder", "transformer", "unet", "vae",
                               "prompt_weighter", "pipeline", "image_processor", "latents_processor", "prompt_upscaler"]

    struct Entry {
        let object: AnyObject
        let bytes: Int
    }

    private var entries: [String: [String: Entry]] = [:]
    /// How many objects each cache has loaded (its misses) since the process started.
    public private(set) var loads: [String: Int] = [:]
    /// The device the components loaded now are for: part of their keys, since a component
    /// holds its weights on one device.
    package var device = "cpu"
    /// The memory left to load into, in bytes (the limit's `available`); nil where unknown.
    package var availableMemory: () -> Int? = ObjectCaches.memoryAvailable

    public init() {}

    /// The object cached in `cache` under `key`, or the one `load` makes, cached with its size
    /// (`bytes`, known before loading from its files). Throws what `load` throws.
    package func cached<Object: AnyObject>(_ cache: String, key: String, bytes: Int, load: () throws -> Object) rethrows -> Object {
        if let entry = entries[cache]?[key], let object = entry.object as? Object { return object }
        if let available = availableMemory(), Double(bytes) > Double(available) * 0.75 { entries[cache] = [:] }
        let object = try load()
        entries[cache, default: [:]][key] = Entry(object: object, bytes: bytes)
        loads[cache, default: 0] += 1
        return object
    }

    /// A pipeline already cached under `key`, without loading.
    func cachedPipeline(_ key: String) -> StableDiffusionPipeline? {
        entries["pipeline"]?[key]?.object as? StableDiffusionPipeline
    }

    public var objectCaches: [(name: String, objects: Int, bytes: Int)] {
        Self.names.map { name in
            let cache = entries[name] ?? [:]
            return (name, cache.count, cache.values.reduce(0) { $0 + $1.bytes })
        }
    }

    public func clearObjectCaches(_ names: [String]) {
        for name in names { entries[name] = nil }
    }

    /// Evicts nothing: on the CPU nothing is held for a device, and on CUDA this engine does not
    /// yet empty libtorch's allocator cache as dgenerate does (`torch.cuda.empty_cache()`).
    public func clearDeviceCache(_ device: String) {}

    /// The main pipeline the last invocation ran (`\save_modules` saves from it).
    var lastPipeline: StableDiffusionPipeline?

    public var hasPipeline: Bool { lastPipeline != nil }

    public func pipelineModules(_ names: [String]) throws(ScriptError) -> [(name: String, module: AnyObject?)] {
        guard let lastPipeline else {
            throw ScriptError("\\save_modules directive cannot be used until a dgenerate invocation has occurred.")
        }
        return try lastPipeline.modules(names)
    }

    /// The bytes of a component's weight files (its folder's `.safetensors`, `.bin` and `.ckpt`),
    /// the estimate its cache is limited by.
    static func weightBytes(_ folder: String) -> Int {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { [".safetensors", ".bin", ".ckpt"].contains(where: $0.hasSuffix) }.reduce(0) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: folder + "/" + file)[.size] as? NSNumber)?.intValue ?? 0
            return total + size
        }
    }

    /// `MemAvailable` from `/proc/meminfo`, in bytes.
    static func memoryAvailable() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
              let kib = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return nil }
        return kib.multipliedReportingOverflow(by: 1024).overflow ? nil : kib * 1024
    }
}
