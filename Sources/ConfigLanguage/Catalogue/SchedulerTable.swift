/// The schedulers this build's engine has, with the settings a scheduler URI may give each
/// (`EulerDiscreteScheduler;use-karras-sigmas=true`), as plain data: the engine builds from it,
/// and `--scheduler help` / `helpargs` print it.
///
/// Types and defaults are diffusers' class defaults as dgenerate 5.0.0's `helpargs` prints them
/// (`dgenerate MODEL --scheduler helpargs`); each scheduler lists the settings this engine
/// implements, in the reference's order.
public enum SchedulerTable {
    public struct Setting: Sendable {
        /// As written in a URI, with dashes.
        public let name: String
        public let type: String
        public let defaultText: String
    }

    public struct Entry: Sendable {
        /// diffusers' class name.
        public let name: String
        public let settings: [Setting]
    }

    private static func s(_ name: String, _ type: String, _ defaultText: String) -> Setting {
        Setting(name: name, type: type, defaultText: defaultText)
    }

    public static let entries: [Entry] = [
        Entry(name: "DDIMScheduler", settings: [
            s("clip-sample", "bool", "True"), s("set-alpha-to-one", "bool", "True"), s("steps-offset", "int", "0"),
            s("prediction-type", "str", "epsilon"), s("timestep-spacing", "str", "leading"),
        ]),
        Entry(name: "DDPMScheduler", settings: [
            s("clip-sample", "bool", "True"), s("prediction-type", "str", "epsilon"), s("timestep-spacing", "str", "leading"),
            s("steps-offset", "int", "0"),
        ]),
        Entry(name: "DEISMultistepScheduler", settings: [
            s("prediction-type", "str", "epsilon"), s("timestep-spacing", "str", "linspace"), s("steps-offset", "int", "0"),
        ]),
        Entry(name: "DPMSolverMultistepScheduler", settings: [
            s("solver-order", "int", "2"), s("prediction-type", "str", "epsilon"), s("algorithm-type", "str", "dpmsolver++"), s("use-karras-sigmas", "bool | None", "False"),
            s("timestep-spacing", "str", "linspace"), s("steps-offset", "int", "0"),
        ]),
        Entry(name: "DPMSolverSinglestepScheduler", settings: [s("prediction-type", "str", "epsilon")]),
        Entry(name: "DPMSolverSDEScheduler", settings: [
            s("prediction-type", "str", "epsilon"), s("use-karras-sigmas", "bool | None", "False"),
            s("use-exponential-sigmas", "bool | None", "False"), s("use-beta-sigmas", "bool | None", "False"),
            s("noise-sampler-seed", "int | None", "None"), s("timestep-spacing", "str", "linspace"), s("steps-offset", "int", "0"),
        ]),
        Entry(name: "EDMEulerScheduler", settings: [s("prediction-type", "str", "epsilon")]),
        Entry(name: "EulerAncestralDiscreteScheduler", settings: [
            s("prediction-type", "str", "epsilon"), s("timestep-spacing", "str", "linspace"), s("steps-offset", "int", "0"),
        ]),
        Entry(name: "EulerDiscreteScheduler", settings: [
            s("prediction-type", "str", "epsilon"), s("use-karras-sigmas", "bool | None", "False"),
            s("use-exponential-sigmas", "bool | None", "False"), s("use-beta-sigmas", "bool | None", "False"),
            s("timestep-spacing", "str", "linspace"), s("steps-offset", "int", "0"),
        ]),
        Entry(name: "HeunDiscreteScheduler", settings: [
            s("prediction-type", "str", "epsilon"), s("use-karras-sigmas", "bool | None", "False"),
            s("timestep-spacing", "str", "linspace"), s("steps-offset", "int", "0"),
        ]),
        Entry(name: "KDPM2AncestralDiscreteScheduler", settings: [
            s("prediction-type", "str", "epsilon"), s("timestep-spacing", "str", "linspace"), s("steps-offset", "int", "0"),
        ]),
        Entry(name: "KDPM2DiscreteScheduler", settings: [
            s("use-karras-sigmas", "bool | None", "False"), s("prediction-type", "str", "epsilon"),
            s("timestep-spacing", "str", "linspace"), s("steps-offset", "int", "0"),
        ]),
        Entry(name: "LCMScheduler", settings: [
            s("set-alpha-to-one", "bool", "True"), s("prediction-type", "str", "epsilon"),
        ]),
        Entry(name: "LMSDiscreteScheduler", settings: [
            s("use-karras-sigmas", "bool | None", "False"), s("prediction-type", "str", "epsilon"),
            s("timestep-spacing", "str", "linspace"), s("steps-offset", "int", "0"),
        ]),
        Entry(name: "PNDMScheduler", settings: [
            s("set-alpha-to-one", "bool", "False"), s("prediction-type", "str", "epsilon"),
            s("timestep-spacing", "str", "leading"), s("steps-offset", "int", "0"),
        ]),
        Entry(name: "UniPCMultistepScheduler", settings: [
            s("prediction-type", "str", "epsilon"), s("use-karras-sigmas", "bool | None", "False"),
            s("timestep-spacing", "str", "linspace"), s("steps-offset", "int", "0"),
        ]),
    ]

    /// The class names, in order.
    public static var names: [String] { entries.map(\.name) }

    public static func entry(_ name: String) -> Entry? {
        entries.first { $0.name == name }
    }

    /// Whether a scheduler URI's name asks for the list (`help`) or the list with settings
    /// (`helpargs`); nil for a scheduler name.
    public static func helpRequest(_ uri: String) -> Bool? {
        let name = uri.split(separator: ";", maxSplits: 1).first.map { String($0).trimmingWhitespace.lowercased() } ?? ""
        switch name {
        case "help": return false
        case "helpargs": return true
        default: return nil
        }
    }

    /// What `--scheduler help` (or `helpargs`, with `settings`) prints for `model`.
    public static func helpText(model: String, settings: Bool) -> String {
        var lines = ["Schedulers compatible with: \(model)", ""]
        for entry in entries {
            if settings {
                lines.append("\(entry.name):")
                lines += entry.settings.map { "        \($0.name): \($0.type) = \($0.defaultText)" }
            } else {
                lines.append("    \"\(entry.name)\"")
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension SchedulerTable {
    /// A scheduler URI read into its parts: `EulerDiscreteScheduler;use-karras-sigmas=true`.
    public struct URI: Sendable, Equatable {
        /// The scheduler's name, stripped.
        public var name: String
        /// The `key=value` settings after it, each stripped, in order.
        public var arguments: [Argument]

        public struct Argument: Sendable, Equatable {
            public var key: String
            public var value: String
        }

        /// Why a URI does not read.
        public struct Failure: Error, Equatable, Sendable {
            public var message: String
        }

        /// Reads `text`; a setting without `=` is refused.
        public init(_ text: String) throws(Failure) {
            let parts = text.split(separator: ";").map { String($0).trimmingWhitespace }
            name = parts.first ?? ""
            arguments = []
            for part in parts.dropFirst() {
                let pair = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingWhitespace }
                guard pair.count == 2 else { throw Failure(message: "scheduler argument \"\(part)\" is not key=value") }
                arguments.append(Argument(key: pair[0], value: pair[1]))
            }
        }
    }
}
