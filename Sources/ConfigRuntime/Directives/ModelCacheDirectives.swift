import Templating
import ConfigLanguage

/// The directives that manage what the engine keeps in memory: `\list_object_caches`,
/// `\clear_object_cache`, `\clear_device_cache`, `\save_modules`, `\use_modules`,
/// `\clear_modules`. They go through the host's `ModelCaches`; without an engine every cache
/// is empty and no pipeline exists.
public protocol ModelCaches: AnyObject, Sendable {
    /// The object caches by name, each with its object count and bytes held in CPU memory.
    var objectCaches: [(name: String, objects: Int, bytes: Int)] { get }
    func clearObjectCaches(_ names: [String])
    func clearDeviceCache(_ device: String)
    /// Whether an invocation has created a pipeline whose modules can be saved.
    var hasPipeline: Bool { get }
    /// The named modules (`unet`, `vae`, `text_encoder`, ...) of the last pipeline an
    /// invocation ran, for `\save_modules` (nil for one its kind of pipeline has but this one
    /// leaves empty, such as a safety checker); throws the reference's message for a name that
    /// is no module name, or a module that kind of pipeline does not have.
    func pipelineModules(_ names: [String]) throws(ScriptError) -> [(name: String, module: AnyObject?)]
}

/// A module `\save_modules` saved, as the template variable `saved_modules` holds it.
public final class SavedModule: TemplateObject, @unchecked Sendable {
    public let module: AnyObject
    public init(_ module: AnyObject) { self.module = module }
    public var typeName: String { String(describing: type(of: module)) }
}

/// No engine: the caches dgenerate has, all empty.
public final class EmptyModelCaches: ModelCaches, @unchecked Sendable {
    public init() {}
    public var objectCaches: [(name: String, objects: Int, bytes: Int)] {
        ["controlnet", "image_encoder", "t2i_adapter", "text_encoder", "transformer", "unet", "vae", "prompt_weighter",
         "pipeline", "image_processor", "latents_processor", "prompt_upscaler"].map { ($0, 0, 0) }
    }
    public func clearObjectCaches(_ names: [String]) {}
    public func clearDeviceCache(_ device: String) {}
    public var hasPipeline: Bool { false }
    public func pipelineModules(_ names: [String]) throws(ScriptError) -> [(name: String, module: AnyObject?)] {
        throw ScriptError("\\save_modules directive cannot be used until a dgenerate invocation has occurred.")
    }
}

extension ScriptRuntime {
    func installModelCacheDirectives() {
        directives["list_object_caches"] = { runtime, _ in
            runtime.log("Object caches:\n")
            for cache in runtime.host.modelCaches.objectCaches {
                runtime.log("    \"\(cache.name)\": \(cache.objects) objects, cpu side RAM - \(Self.humanBytes(cache.bytes))")
            }
            return 0
        }
        directives["clear_object_cache"] = { runtime, words in
            let caches = runtime.host.modelCaches
            let names = Set(caches.objectCaches.map(\.name))
            for word in words where !names.contains(word) {
                throw ScriptError("\\clear_object_cache, object cache \"\(word)\" does not exist.")
            }
            caches.clearObjectCaches(words.isEmpty ? caches.objectCaches.map(\.name) : words)
            return 0
        }
        directives["clear_device_cache"] = { runtime, words in
            guard !words.isEmpty else {
                throw ScriptError("\\clear_device_cache must receive at least one argument, for example: cuda:0")
            }
            for word in words where !OptionRegistries.isDevice(word) {
                let message = OptionRegistries.invalidDeviceMessage(word)
                throw ScriptError("\\clear_device_cache invalid device, " + message.prefix(1).lowercased() + message.dropFirst())
            }
            var cleared: Set<String> = []
            for word in words where cleared.insert(word).inserted { runtime.host.modelCaches.clearDeviceCache(word) }
            return 0
        }
        directives["save_modules"] = { runtime, words in
            guard words.count >= 2 else {
                throw ScriptError("\\save_modules directive must have at least 2 arguments, a variable name and one or more module names.")
            }
            guard runtime.host.modelCaches.hasPipeline else {
                throw ScriptError("\\save_modules directive cannot be used until a dgenerate invocation has occurred.")
            }
            guard PythonSplitting.isIdentifier(words[0]) else {
                throw ScriptError("Cannot save modules to \"\(words[0])\" on line \(runtime.currentLine), invalid identifier/name token, must be a valid python variable name / identifier.")
            }
            let modules = try runtime.host.modelCaches.pipelineModules(Array(words.dropFirst()))
            var saved = runtime.savedModules
            saved[string: words[0]] = .dict(ValueDict(modules.map { (.string($0.name), $0.module.map { .object(SavedModule($0)) } ?? .none) }))
            runtime.setVariable("saved_modules", .dict(saved))
            return 0
        }
        directives["use_modules"] = { runtime, words in
            let saved = runtime.savedModuleNames
            guard !saved.isEmpty else {
                throw ScriptError("\\use_modules error, no modules are currently saved that can be referenced.")
            }
            guard words.count == 1 else {
                throw ScriptError("\\use_modules accepts one argument and one argument only, the name that the modules were previously saved to with \\save_modules")
            }
            guard PythonSplitting.isIdentifier(words[0]) else {
                throw ScriptError("Cannot use modules from \"\(words[0])\" on line \(runtime.currentLine), invalid identifier/name token, must be a valid python variable name / identifier.")
            }
            guard saved.contains(words[0]), case .dict(let modules)? = runtime.savedModules[string: words[0]] else {
                throw ScriptError("Cannot use modules from \"\(words[0])\" on line \(runtime.currentLine), there are no modules saved to this variable name.")
            }
            // for the next invocation only
            runtime.modulesForNextInvocation = modules.pairs.map { name, value in
                guard case .object(let saved as SavedModule) = value else { return (name.printed, nil) }
                return (name.printed, saved.module)
            }
            return 0
        }
        directives["clear_modules"] = { runtime, words in
            for word in words where !PythonSplitting.isIdentifier(word) {
                throw ScriptError("Cannot clear modules from \"\(word)\" on line \(runtime.currentLine), invalid identifier/name token, must be a valid python variable name / identifier.")
            }
            for word in words where !runtime.savedModuleNames.contains(word) {
                throw ScriptError("No pipeline modules were saved to the variable name \"\(word)\", that name could not be found.")
            }
            var saved = runtime.savedModules
            if words.isEmpty { saved = ValueDict() }
            for word in words { saved[string: word] = nil }
            runtime.setVariable("saved_modules", .dict(saved))
            return 0
        }
    }

    /// `saved_modules`: the modules saved by name.
    var savedModules: ValueDict {
        guard case .dict(let saved)? = templateVariables["saved_modules"] else { return ValueDict() }
        return saved
    }

    /// The names `\save_modules` has saved to (none without an engine).
    var savedModuleNames: [String] { savedModules.keys.map(\.printed) }

    /// `bytes_best_human_unit`: decimal units, the largest that the size exceeds 1 of, rounded
    /// to 2 decimals as Python prints the float (`0B`, `1000B`, `1.0KB`, `4.79MB`).
    package static func humanBytes(_ bytes: Int) -> String {
        for (unit, scale) in [("GB", 1e9), ("MB", 1e6), ("KB", 1e3)] where Double(bytes) / scale > 1 {
            return PythonFloat.repr(PythonBuiltins.roundFloat(Double(bytes) / scale, digits: 2)) + unit
        }
        return "\(bytes)B"
    }
}
