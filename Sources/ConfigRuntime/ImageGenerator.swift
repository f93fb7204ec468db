import ConfigLanguage

/// What runs an invocation's generation steps: the engine implements it; without one,
/// invocations stop where the model would load (the language server, tests of the language).
public protocol ImageGenerator: AnyObject, Sendable {
    /// What the engine runs on (its libtorch), printed once a model is loaded with `-v`.
    var verboseDescription: String? { get }
    /// Loads (or reuses) the model for an invocation and checks that this engine can run its
    /// options; the error names what it cannot do.
    func prepare(model: ModelSource, options: [String: [String]]) throws(ScriptError)
    /// Generates one step of the plan prepared last and writes its images to `files`
    /// (absolute paths, in the step's order), telling `report` what happens on the way.
    func generate(_ step: RenderPlan.Step, files: [String], report: GenerationReport) throws(ScriptError)
    /// Opens an image seed's files before its first step (the reference identifies them
    /// there: a file of an unknown type fails before the step's banner).
    func openImageSeed(_ seed: ImageSeedURI, context: ImageSeedContext) throws(ScriptError) -> ImageSeedInfo
    /// Generates frame `frame` (0-based within the seed's slice) of an animated seed's step and
    /// writes its images to `files` (none with `--no-frames`); each frame is added to the
    /// animations at `animation`'s paths, which the first frame starts.
    func generateFrame(_ step: RenderPlan.Step, frame: Int, files: [String], animation: AnimationTarget?,
                       report: GenerationReport) throws(ScriptError)
    /// Completes the animations of the step whose frames were generated, giving them their names.
    func finishAnimation() throws(ScriptError)
    /// The modules (`\save_modules`' objects by module name) the next `prepare` builds its
    /// pipeline with instead of loading them; empty for none.
    func useModules(_ modules: [(name: String, module: AnyObject?)])
}

/// What opening an image seed needs of the invocation and the host.
public struct ImageSeedContext {
    /// The invocation's options by destination (the model may not be loaded yet).
    public var options: [String: [String]]
    /// The directory relative paths are resolved against.
    public var workingDirectory: String
    /// A URL's file, downloaded into the web cache (or found there): its local path.
    public var fetch: (String) throws(ScriptError) -> String

    public init(options: [String: [String]], workingDirectory: String, fetch: @escaping (String) throws(ScriptError) -> String) {
        self.options = options
        self.workingDirectory = workingDirectory
        self.fetch = fetch
    }
}

/// What an opened image seed holds: a still image (one frame), or an animation.
public struct ImageSeedInfo: Sendable, Equatable {
    /// The frames of the seed's slice.
    public var frameCount: Int
    /// Frames per second of an animation; nil for a still image.
    public var frameRate: Double?
    public var isAnimation: Bool { frameRate != nil }

    public static let still = ImageSeedInfo(frameCount: 1, frameRate: nil)

    public init(frameCount: Int, frameRate: Double?) {
        self.frameCount = frameCount
        self.frameRate = frameRate
    }
}

/// Where an animated step's frames go: one file per image of the batch (absolute paths), with
/// the config written beside each when the animation starts (`--output-configs`).
public struct AnimationTarget: Sendable, Equatable {
    public var paths: [String]
    /// `--animation-format` (`mp4`, `gif`, `png`, `apng`, `webp`).
    public var format: String
    public var frameRate: Double
    public var configFiles: [String]
    public var configs: [String]

    public init(paths: [String], format: String, frameRate: Double, configFiles: [String] = [], configs: [String] = []) {
        self.paths = paths
        self.format = format
        self.frameRate = frameRate
        self.configFiles = configFiles
        self.configs = configs
    }
}

extension ImageGenerator {
    public func useModules(_ modules: [(name: String, module: AnyObject?)]) {}

    public func openImageSeed(_ seed: ImageSeedURI, context: ImageSeedContext) throws(ScriptError) -> ImageSeedInfo {
        .still
    }

    public func generateFrame(_ step: RenderPlan.Step, frame: Int, files: [String], animation: AnimationTarget?,
                              report: GenerationReport) throws(ScriptError) {
        throw ScriptError("animated image seeds are not supported by this engine")
    }

    public func finishAnimation() throws(ScriptError) {}
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

extension ImageGenerator {
    public var verboseDescription: String? { nil }
}
