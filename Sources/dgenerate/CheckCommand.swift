import ConfigLanguage
import ScriptAnalysis

/// `dgenerate --check FILE...`: parses each script and prints its diagnostics with carets.
/// Exits 1 if any file has an error (or cannot be read), else 0.
enum CheckCommand {
    static func run(_ paths: [String]) -> Int32 {
        guard !paths.isEmpty else {
            Output.error("dgenerate: error: --check needs at least one FILE (or - for standard input)")
            return 2
        }
        var failed = false
        for path in paths {
            switch ScriptInput.read(path) {
            case .failure(let error):
                Output.error("\(error.message)")
                failed = true
            case .success(let source):
                // the analysis layer's static diagnostics, which the language server and the REPL show too
                for diagnostic in ScriptAnalysis(syntax: ScriptParser.parse(source)).diagnostics() {
                    Output.out(DiagnosticRenderer.render(diagnostic, in: source))
                    if diagnostic.severity == .error { failed = true }
                }
            }
        }
        return failed ? 1 : 0
    }
}
