import ConfigLanguage
import Foundation

/// The files an invocation wrote, for the `last_images` and `last_animations` variables.
struct WrittenFiles {
    var images: [String] = []
    var animations: [String] = []
}

extension ScriptRuntime {
    /// `Wrote Image File: "..."` and `Wrote Config File: "..."` lines, underlined as one block.
    func logWritten(_ files: [String]) {
        guard !files.isEmpty else { return }
        let lines = files.map { "Wrote \($0.hasSuffix(".dgen") ? "Config" : "Image") File: \"\($0)\"" }
        log([lines.joined(separator: "\n")], underline: true)
    }

    /// A step whose image seed is an animation, as the reference runs it: each frame announced
    /// with an ETA, generated and written (unless `--no-frames`), the animation files begun
    /// after the first frame (with their configs) and completed after the last. False after
    /// printing an error.
    func runAnimatedStep(_ step: RenderPlan.Step, _ plan: RenderPlan, frames: Int, frameRate: Double,
                         _ generator: ImageGenerator, _ report: GenerationReport, _ written: inout WrittenFiles) -> Bool {
        let directory = host.workingDirectory
        let animation = plan.animationOutput(step)
        let writesAnimation = animation.format != "frames"
        let target = writesAnimation
            ? AnimationTarget(paths: animation.files.map { directory.resolve($0) }, format: animation.format, frameRate: frameRate,
                              configFiles: animation.configFiles.map { directory.resolve($0) }, configs: animation.configs)
            : nil
        var frameTimes = 0.0
        var lastFrame: Date? = nil
        for frame in 0..<frames {
            // the reference's estimate: the mean time of the frames so far, times those left
            var eta = "tbd..."
            if let lastFrame {
                frameTimes += Date().timeIntervalSince(lastFrame)
                eta = TimeDeltaText.text(seconds: frameTimes / Double(frame) * Double(frames - frame))
            }
            lastFrame = Date()
            log(["Generating frame \(frame + 1) / \(frames), Completion ETA: \(eta)"], underline: true)
            let output = plan.frameOutput(step, frame: frame)
            var frameStep = step
            frameStep.configs = output.configs
            let files = plan.writesFrames ? output.files : []
            do throws(ScriptError) {
                try generator.generateFrame(frameStep, frame: frame, files: files.map { directory.resolve($0) }, animation: target, report: report)
            } catch {
                errorMessage("dgenerate: error: " + error.message)
                return false
            }
            if frame == 0, writesAnimation { logAnimationStart(animation) }
            logWritten(files)
            written.images += files.filter { !$0.hasSuffix(".dgen") }
        }
        do throws(ScriptError) {
            try generator.finishAnimation()
        } catch {
            errorMessage("dgenerate: error: " + error.message)
            return false
        }
        if writesAnimation { written.animations += animation.files }
        return true
    }

    /// `Beginning Writes To Animation: "..."`, then each config written beside an animation.
    func logAnimationStart(_ animation: RenderPlan.AnimationOutput) {
        let beginning = animation.files.map { "Beginning Writes To Animation: \"\($0)\"" }.joined(separator: "\n")
        guard !animation.configFiles.isEmpty else {
            log([beginning], underline: true)
            return
        }
        log([beginning])
        for (index, file) in animation.configFiles.enumerated() {
            log(["Wrote Animation Config File: \"\(file)\""], underline: index == animation.configFiles.count - 1)
        }
    }
}

/// Python's `str(timedelta(seconds=...))`: `H:MM:SS` with `.ffffff` when there are
/// microseconds, and `N day(s), ` before a day or more.
enum TimeDeltaText {
    static func text(seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0, seconds < 1e12 else { return "0:00:00" }
        let microseconds = Int64((seconds * 1_000_000).rounded(.toNearestOrEven))
        let days = microseconds / 86_400_000_000
        var rest = microseconds % 86_400_000_000
        let hours = rest / 3_600_000_000
        rest %= 3_600_000_000
        let minutes = rest / 60_000_000
        rest %= 60_000_000
        let wholeSeconds = rest / 1_000_000, fraction = rest % 1_000_000
        var text = "\(hours):" + String(format: "%02lld:%02lld", minutes, wholeSeconds)
        if fraction != 0 { text += String(format: ".%06lld", fraction) }
        return days > 0 ? "\(days) day\(days == 1 ? "" : "s"), " + text : text
    }
}
