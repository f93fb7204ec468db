import ConfigLanguage
import ConfigRuntime
import Foundation

/// Animated image seeds: each frame generated from its seed frame, written as images (unless
/// `--no-frames`) and added to the step's animations, which the first frame starts (with the
/// configs beside them) and `finishAnimation` completes. An animation that fails is removed.
extension EngineImageGenerator {
    public func generateFrame(_ step: RenderPlan.Step, frame: Int, files: [String], animation: AnimationTarget?,
                              report: GenerationReport) throws(ScriptError) {
        let images: [RGBImage]
        do throws(ScriptError) {
            images = try self.images(for: step, frame: frame, files: files, report: report)
            if frame == 0 { try startAnimations(animation, images: images) }
            for (writer, image) in zip(animationWriters, images) {
                do {
                    try writer.add(image)
                } catch {
                    throw ScriptError("cannot write \(writer.path): \(error.message)")
                }
            }
        } catch {
            abortAnimations()
            throw error
        }
        if !files.isEmpty { try write(images, step: step, files: files) }
    }

    public func finishAnimation() throws(ScriptError) {
        let writers = animationWriters
        animationWriters = []
        for (index, writer) in writers.enumerated() {
            do {
                try writer.finish()
            } catch {
                writers[(index + 1)...].forEach { $0.abort() }
                throw ScriptError("cannot write \(writer.path): \(error.message)")
            }
        }
    }

    /// One animation per image of the first frame's batch, and its config.
    func startAnimations(_ animation: AnimationTarget?, images: [RGBImage]) throws(ScriptError) {
        abortAnimations()
        guard let animation else { return }
        guard let format = AnimationWriter.Format(rawValue: animation.format) else {
            throw ScriptError("--animation-format \(animation.format) is not supported by this build")
        }
        guard animation.paths.count == images.count, animation.frameRate > 0 else {
            throw ScriptError("the step makes \(images.count) images for \(animation.paths.count) animations")
        }
        for (path, image) in zip(animation.paths, images) {
            do {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                animationWriters.append(try AnimationWriter(path: path, format: format, width: image.width, height: image.height,
                                                            frameDuration: 1 / animation.frameRate))
            } catch let error as ImageFileError {
                abortAnimations()
                throw ScriptError("cannot write \(path): \(error.message)")
            } catch {
                abortAnimations()
                throw ScriptError("cannot write \(path): \(error)")
            }
        }
        for (file, text) in zip(animation.configFiles, animation.configs) { try Self.writeText(text, to: file) }
    }

    func abortAnimations() {
        animationWriters.forEach { $0.abort() }
        animationWriters = []
    }
}
