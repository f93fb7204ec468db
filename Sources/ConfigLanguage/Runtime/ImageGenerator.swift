/// What runs an invocation's generation steps: the engine implements it; without one,
/// invocations stop where the model would load (the language server, tests of the language).
public protocol ImageGenerator: AnyObject, Sendable {
    /// Loads (or reuses) the model for an invocation and checks that this engine can run its
    /// options; the error names what it cannot do.
    func prepare(model: ModelSource, options: [String: [String]]) throws(ScriptError)
    /// Generates one step of the plan prepared last and writes its images to `files`
    /// (absolute paths, in the step's order). `progress` receives progress lines for
    /// standard error.
    func generate(_ step: RenderPlan.Step, files: [String], progress: (String) -> Void) throws(ScriptError)
}
