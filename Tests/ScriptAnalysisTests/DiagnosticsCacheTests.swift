import ConfigLanguage
import ScriptAnalysis
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
    ]

    @Test func cachedChecksEqualFreshOnes() {
        let cache = DiagnosticsCache()
        for text in Self.versions + Self.versions.reversed() {
            let analysis = ScriptAnalysis(text: text)
            #expect(analysis.diagnostics(reusing: cache) == analysis.diagnostics(), "\(text)")
        }
    }
}
