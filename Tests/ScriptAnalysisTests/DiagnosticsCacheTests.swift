import ConfigLanguage
import ScriptAnalysis
import TestSupport
import Testing

/// Re-checking with the cache an editor keeps gives exactly what a fresh check gives, whatever
/// moved between versions.
struct DiagnosticsCacheTests {
    static let versions = [
        "\\set x 1\n\\print {{ x|nosuchfilter }}\n\\setp y [1,\nmodels/tiny --prompts \"open\n",
        "\n\n\\set x 1\n\\print {{ x|nosuchfilter }}\n\\setp y [1,\nmodels/tiny --prompts \"open\n",
        "\n\n\\set x 1\n\\print {{ x|upper }}\n\\setp y [1,\nmodels/tiny --prompts \"open\n",
        "\\print {{ x|nosuchfilter }}\n\n\\print {{ x|nosuchfilter }}\n\\setp y [1, 2]\n",
        "{% for i in [1] %}\n\\print {{ i|nosuchfilter }}\n{% endfor %}\n\\print {{ x|nosuchfilter }}\n",
        // the same invocation under other known values
        "\\set steps many\n\\setp n [steps]\nmodels/tiny --inference-steps {{ steps }} {{ n[0] }}\n\\print {{ stepz }}\n",
        "\\set steps 3\n\\setp n [steps]\nmodels/tiny --inference-steps {{ steps }} {{ n[0] }}\n\\print {{ stepz }}\n",
        "\\set stepz 3\n\\setp n [stepz]\nmodels/tiny --inference-steps {{ steps }} {{ n[0] }}\n\\print {{ stepz }}\n",
    ]

    @Test func cachedChecksEqualFreshOnes() {
        let cache = DiagnosticsCache()
        for text in Self.versions + Self.versions.reversed() {
            let analysis = ScriptAnalysis(text: text)
            #expect(analysis.diagnostics(reusing: cache) == analysis.diagnostics(), "\(text)")
        }
    }

    /// Lines that define, read and render known values, for random versions of a script.
    static let pool = [
        "\\set steps many", "\\set steps 3", "\\setp steps 2 + 2", "\\setp n [steps]", "\\setp m n + ['x']",
        "\\set a {{ steps }}x", "\\unset steps", "\\sete steps 1 2",
        "models/tiny --inference-steps {{ steps }}", "models/tiny --inference-steps {{ n | join(' ') }}",
        "models/tiny --guidance-scales {{ m | join(' ') }}", "models/tiny --output-size {{ a }}",
        "{% for s in n %}\nmodels/tiny --inference-steps {{ s }}\n{% endfor %}", "\\print {{ stepz }} {{ a }}",
    ]

    /// Random versions, each checked with the cache the versions before it left.
    @Test func cachedChecksEqualFreshOnesOnRandomVersions() {
        var random = SeededRandom(state: 15)
        let cache = DiagnosticsCache()
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 1...8, using: &random)).map { _ in Self.pool.randomElement(using: &random)! }.joined(separator: "\n")
            let analysis = ScriptAnalysis(text: text)
            #expect(analysis.diagnostics(reusing: cache) == analysis.diagnostics(), "\(text)")
        }
    }
}
