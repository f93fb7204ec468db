import ConfigLanguage
import FuzzSupport

/// `\setp` parse and evaluate on any text.
let runtime = quietRuntime()

runFuzzer { data, size in
    _ = try? runtime.evaluateSetp(text(data, size))
    return 0
}
