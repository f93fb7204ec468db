/// The values an option is known to accept, for completion: its choices, or the registry its
/// values are checked against (model types, data types, formats, plugin names), or the
/// scheduler names. Empty where any value of its type goes.
extension CommandOption {
    public var knownValues: [String] {
        if let choices { return choices }
        switch dest {
        case "scheduler_uri", "second_model_scheduler_uri": return SchedulerTable.entries.map(\.name) + ["help", "helpargs"]
        default: break
        }
        switch valueType {
        case .modelType?: return OptionRegistries.modelTypes
        case .dtype?: return OptionRegistries.dataTypes
        case .promptWeighter?: return OptionRegistries.promptWeighters
        case .promptUpscaler?: return OptionRegistries.promptUpscalers
        case .latentsProcessor?: return OptionRegistries.latentsProcessors
        case .imageProcessor?: return OptionRegistries.imageProcessors
        case .animationFormat?: return OptionRegistries.animationFormats
        case .imageFormat?: return OptionRegistries.imageFormats
        default: return []
        }
    }
}

extension CommandOption {
    /// The options whose values are files or folders (or URIs that start with one), for
    /// completing paths: the model, configuration and plugin files, image seeds, the output
    /// folder and the model URIs.
    public static let pathValued: Set<String> = Set(["plugin_module_paths", "global_config", "original_config",
        "second_model_original_config", "output_path", "image_seeds", "model_path"]).union(ConceptURI.table.keys)

    /// Whether the option's values are paths (`pathValued`).
    public var takesPaths: Bool { Self.pathValued.contains(dest) }
}
