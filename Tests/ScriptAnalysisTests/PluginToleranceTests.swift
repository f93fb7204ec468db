import ConfigLanguage
import ScriptAnalysis
import Testing

/// After `\import_plugins`, names this build does not know may be the plugins': the same
/// problems are warnings there (before it, and without it, they stay errors).
@Suite struct PluginToleranceTests {
    static let script = """
        \\my_directive before
        models/tiny --seed-image-processors foobar
        \\import_plugins demo_plugin
        \\my_directive after
        models/tiny --seed-image-processors foobar
        models/tiny --inference-steps many
        """

    @Test func pluginNamesAreWarningsAfterTheImport() {
        let found = ScriptAnalysis(text: Self.script).diagnostics()
        let lines = found.map { Self.script.utf8.prefix($0.range.lowerBound).filter { $0 == 10 }.count + 1 }
        #expect(lines == [1, 2, 4, 5, 6])
        #expect(found.map(\.severity) == [.error, .error, .warning, .warning, .error])
        #expect(found[2].message == "unknown directive '\\my_directive' (the plugins imported on line 3 may define it)")
    }
}
