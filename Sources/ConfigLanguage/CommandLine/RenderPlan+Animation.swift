import Templating

/// The files of a step whose image seed is an animation: each frame's images (named with
/// `frame_N` before the step) and their configs, and the animation files (`ANIM_` first, one per
/// image of a batch), as the reference names them.
extension RenderPlan {
    /// What one frame of an animated step writes.
    public struct FrameOutput: Sendable, Equatable {
        /// Image files, then config files, relative to the working directory.
        public var files: [String]
        /// The reproducing config of each image (empty without `--output-configs`/`--output-metadata`).
        public var configs: [String]
    }

    /// What an animated step writes besides its frames.
    public struct AnimationOutput: Sendable, Equatable {
        /// One animation per image of the batch (`_animation_N` when there are several).
        public var files: [String]
        /// The `.dgen` beside each animation, with its text (with `--output-configs`).
        public var configFiles: [String]
        public var configs: [String]
        /// The container (`--animation-format`); `frames` writes no animation.
        public var format: String
    }

    /// The animation format of the invocation.
    public var animationFormat: String { PythonSplitting.strip(values["animation_format"]?.first ?? "mp4").lowercased() }

    /// Whether frames are written as images (not with `--no-frames`).
    public var writesFrames: Bool { values["no_frames"] == nil }

    var settings: InvocationSettings { InvocationSettings(values) }

    /// The images a step's batch makes (an `images:` batch may raise it).
    func imageCount(_ step: Step) -> Int {
        step.request.batchGridSize == nil ? max(Int(exactly: step.request.batchSize) ?? 1, 1) : 1
    }

    /// Frame `index` (0-based within the slice) of an animated step.
    public func frameOutput(_ step: Step, frame index: Int) -> FrameOutput {
        let settings = self.settings, count = imageCount(step)
        let stem = Self.fileComponents(step.request, step.number).dropLast(2) + ["frame", "\(index + 1)", "step", "\(step.number)"]
        let images = count > 1 ? (1...count).map { Array(stem) + ["image", "\($0)"] } : [Array(stem)]
        var files: [String] = [], configFiles: [String] = [], configs: [String] = []
        for (position, image) in images.enumerated() {
            files.append(Self.fileName(image, prefix: settings.prefix, extension: settings.imageFormat, outputPath: settings.outputPath))
            if settings.configs { configFiles.append(Self.fileName(image, prefix: settings.prefix, extension: "dgen", outputPath: settings.outputPath)) }
            if settings.reproduce {
                let comment = count > 1 ? "Image \(position + 1) from a batch of \(count)" : nil
                configs.append(ReproducingConfig.text(values: values, request: step.request, comment: comment,
                                                      extra: [("--frame-start", "\(index)"), ("--frame-end", "\(index)")]))
            }
        }
        return FrameOutput(files: files + configFiles, configs: configs)
    }

    /// The animation files of an animated step.
    public func animationOutput(_ step: Step) -> AnimationOutput {
        let settings = self.settings, count = imageCount(step), format = animationFormat
        let stem = ["ANIM"] + Self.fileComponents(step.request, step.number)
        let base = Self.fileName(stem, prefix: settings.prefix, extension: format, outputPath: settings.outputPath)
        let (root, ext) = PythonPath.splitext(base)
        let files = count > 1 ? (1...count).map { "\(root)_animation_\($0)\(ext)" } : [base]
        guard settings.configs else { return AnimationOutput(files: files, configFiles: [], configs: [], format: format) }
        var extra: [(name: String, value: String)] = []
        if let start = values["frame_start"]?.first.flatMap(OptionValueType.int), start != 0 { extra.append(("--frame-start", "\(start)")) }
        if let end = values["frame_end"]?.first.flatMap(OptionValueType.int) { extra.append(("--frame-end", "\(end)")) }
        extra.append(("--animation-format", format))
        let configs = files.indices.map { position in
            ReproducingConfig.text(values: values, request: step.request,
                                   comment: count > 1 ? "Animation \(position + 1) from a batch of \(count)" : nil, extra: extra)
        }
        return AnimationOutput(files: files, configFiles: files.map { PythonPath.splitext($0).0 + ".dgen" }, configs: configs, format: format)
    }
}
