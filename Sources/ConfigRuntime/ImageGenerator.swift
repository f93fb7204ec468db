import ConfigLanguage

/// What runs an invocation's generation steps: the engine implements it; without one,
/// invocations stop where the model would load (the language server, tests of the language).
public protocol ImageGenerator: AnyObject, Sendable {
    /// Loads (or reuses) the model for an invocation and checks that this engine can run its
    /// options; the error names what it cannot do.
    func prepare(model: ModelSource, options: [String: [String]]) throws(ScriptError)
    /// Generates one step of the plan prepared last and writes its images to `files`
    /// (absolute paths, in the step's order), telling `report` what happens on the way.
    func generate(_ step: RenderPlan.Step, files: [String], report: GenerationReport) throws(ScriptError)
    /// Opens an image seed's files before its first step (the reference identifies them
    /// there: a file of an unknown type fails before the step's banner). `options` are the
    /// invocation's (the model may not be loaded yet); `workingDirectory` resolves relative paths.
    func openImageSeed(_ seed: ImageSeedURI, options: [String: [String]], workingDirectory: String) throws(ScriptError)
}

extension ImageGenerator {
    public func openImageSeed(_ seed: ImageSeedURI, options: [String: [String]], workingDirectory: String) throws(ScriptError) {}
}

/// Where a generator's messages go while it runs a step.
public struct GenerationReport {
    /// A progress line, for standard error.
    public var progress: (String) -> Void
    /// A warning, printed as the runtime prints its own (`WARNING: ...` on standard output).
    public var warning: (String) -> Void

    /// Whether to stop between steps: the user interrupted.
    public var interrupted: () -> Bool = { false }

    /// A report that sends progress lines and warnings to these two functions.
    public init(progress: @escaping (String) -> Void, warning: @escaping (String) -> Void, interrupted: @escaping () -> Bool = { false }) {
        self.progress = progress
        self.warning = warning
        self.interrupted = interrupted
    }
}
