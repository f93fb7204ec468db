import Engine
import Foundation
import Testing
import Templating

/// A sample as a plain array of float32 values, the tensor the scheduler tests step.
struct Samples: SchedulerTensor, Equatable {
    var values: [Float]
    static func + (lhs: Samples, rhs: Samples) -> Samples { Samples(values: zip(lhs.values, rhs.values).map { $0 + $1 }) }
    static func - (lhs: Samples, rhs: Samples) -> Samples { Samples(values: zip(lhs.values, rhs.values).map { $0 - $1 }) }
    func scaled(by factor: Double) -> Samples { Samples(values: values.map { Float(Double($0) * factor) }) }
    func clamped(_ lower: Double, _ upper: Double) -> Samples {
        Samples(values: values.map { min(max($0, Float(lower)), Float(upper)) })
    }
    func divided(by divisor: Double) -> Samples { Samples(values: values.map { $0 / Float(divisor) }) }
    /// Not torch's stream: a fixed spread of values (no test here steps an SDE scheduler on arrays).
    func normal(seed: UInt64) -> Samples {
        Samples(values: values.indices.map { Float(Int((seed &+ UInt64($0)) % 7) - 3) / 2 })
    }
}

/// The schedulers against diffusers 0.35.1 (`Fixtures/schedulers/schedulers.json`, recorded by
/// `record_schedulers.py` in that folder): timesteps, sigmas, the initial noise scale, and a whole
/// denoising loop on a small sample with a model stand-in (`0.3 * x + 0.001 * t`), for two
/// scheduler configurations and 1 to 30 steps.
@Suite struct SchedulerTests {
    struct Step: Decodable {
        var scaled: [Double]
        var prev: [Double]
        var noise: [Double]?
    }

    struct Case: Decodable {
        var config: String
        var scheduler: String
        var args: [String: Bool]
        var steps: Int
        var timesteps: [Double]
        var sigmas: [Double]?
        var init_noise_sigma: Double
        var sample: [Double]
        var loop: [Step]
    }

    struct Recording: Decodable {
        var diffusers: String
        var cases: [Case]
    }

    static let recording: Recording? = {
        guard let url = Bundle.module.url(forResource: "Fixtures/schedulers/schedulers", withExtension: "json"),
              let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(Recording.self, from: data)
    }()

    static var configs: [String: SchedulerConfig] {
        var tiny = SchedulerConfig()
        tiny.stepsOffset = 1
        tiny.timestepSpacing = "leading"
        tiny.setAlphaToOne = false
        tiny.skipPrkSteps = true
        var sd15 = tiny
        sd15.betaStart = 0.00085
        sd15.betaEnd = 0.012
        sd15.betaSchedule = "scaled_linear"
        sd15.clipSample = false
        return ["tiny": tiny, "sd15": sd15]
    }

    static func close(_ actual: [Double], _ expected: [Double], tolerance: Double) -> Bool {
        actual.count == expected.count
            && zip(actual, expected).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }

    static var names: [String] {
        (recording?.cases ?? []).map { "\($0.config) \($0.scheduler) \($0.args) \($0.steps)" }
    }

    @Test func recordingIsThere() throws {
        let recording = try #require(Self.recording)
        #expect(recording.cases.count >= 70)
        // KDPM2 ancestral draws its noise on every other evaluation, and DPM++ SDE from a Brownian
        // tree, which these loops (one draw an evaluation) do not model; `SchedulerImageTests`
        // checks both on the tiny model, and `BrownianIntervalTests` the tree
        #expect(Set(recording.cases.map(\.scheduler))
                == Set(SchedulerCatalogue.names).subtracting(["KDPM2AncestralDiscreteScheduler", "DPMSolverSDEScheduler"]))
    }

    @Test(arguments: names) func matchesDiffusers(_ name: String) throws {
        let item = try #require(Self.recording?.cases.first { "\($0.config) \($0.scheduler) \($0.args) \($0.steps)" == name })
        let arguments = item.args.mapValues { $0 ? "true" : "false" }
        let scheduler = try SchedulerCatalogue.make(item.scheduler, config: Self.configs[item.config]!, arguments: arguments,
                                                   steps: item.steps, as: Samples.self)
        #expect(Self.close(scheduler.timesteps, item.timesteps, tolerance: 1e-5), "timesteps \(scheduler.timesteps)")
        if let sigmas = item.sigmas, let euler = scheduler as? EulerDiscreteScheduler<Samples> {
            #expect(Self.close(euler.sigmas, sigmas, tolerance: 1e-5), "sigmas \(euler.sigmas)")
        }
        if let sigmas = item.sigmas, let dpm = scheduler as? DPMSolverMultistepScheduler<Samples> {
            #expect(Self.close(dpm.sigmas, sigmas, tolerance: 1e-5), "sigmas \(dpm.sigmas)")
        }
        #expect(Self.close([scheduler.initNoiseSigma], [item.init_noise_sigma], tolerance: 1e-6))
        var sample = Samples(values: item.sample.map { Float($0) })
        #expect(item.loop.count == scheduler.timesteps.count)
        for (index, step) in item.loop.enumerated() where index < scheduler.timesteps.count {
            let scaled = scheduler.scaleModelInput(sample, step: index)
            #expect(Self.close(scaled.values.map(Double.init), step.scaled, tolerance: 1e-4), "step \(index) scaled")
            let output = scaled.scaled(by: 0.3) + Samples(values: Array(repeating: Float(0.001 * scheduler.timesteps[index]), count: scaled.values.count))
            sample = scheduler.step(modelOutput: output, step: index, sample: sample) {
                Samples(values: (step.noise ?? []).map { Float($0) })
            }
            #expect(Self.close(sample.values.map(Double.init), step.prev, tolerance: 1e-4), "step \(index): \(sample.values) vs \(step.prev)")
            sample = Samples(values: step.prev.map { Float($0) })
        }
    }
}
