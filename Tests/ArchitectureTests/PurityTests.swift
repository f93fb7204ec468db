import Foundation
import Testing

/// The language layers touch nothing outside the process: no files, processes, environment or
/// network. Their sources must not name the APIs that would.
@Suite struct PurityTests {
    static let pureTargets = ["Templating", "PythonExpressions", "ConfigLanguage", "ScriptAnalysis"]
    /// Names of APIs that reach outside the process (as whole words).
    static let sideEffects = [
        #"\bFileManager\b"#, #"\bFileHandle\b"#, #"\bProcessInfo\b"#, #"\bProcess\("#, #"\bURLSession\b"#,
        #"\bopendir\("#, #"\breaddir\("#, #"\bgetenv\("#, #"\bsetenv\("#, #"\bfopen\("#, #"\bunlink\("#,
        #"\bsystem\("#, #"\bposix_spawn"#, #"\bl?stat\("#, #"\bgetpw(nam|uid)\("#, #"import Glibc"#,
        #"contentsOfFile"#, #"Data\(contentsOf"#, #"String\(contentsOf"#,
    ]

    @Test(arguments: pureTargets)
    func targetHasNoSideEffects(_ target: String) throws {
        let folder = PackageGraphTests.root.appendingPathComponent("Sources/\(target)")
        let files = try #require(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil))
        var checked = 0
        for case let file as URL in files where file.pathExtension == "swift" {
            checked += 1
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                for name in Self.sideEffects where line.range(of: name, options: .regularExpression) != nil {
                    Issue.record("\(target)/\(file.lastPathComponent):\(number + 1) uses \(name)")
                }
            }
        }
        #expect(checked > 0, "no sources found for \(target)")
    }

    /// The runtime's own side effects live only in its host implementations (the real file
    /// system, processes, environment and working directory); everything else in the runtime
    /// reaches them through `RuntimeHost`.
    static let runtimeHostFiles: Set<String> = ["SystemDirectories.swift", "SystemProcesses.swift", "FileSystem.swift", "RuntimeHost.swift"]
    /// Free functions only: `host.files.rename(...)` is the way through the host.
    static let runtimeSideEffects = sideEffects + ["access", "chdir", "Pipe", "mkdir", "rmdir", "rename"].map { #"(?<![.\w])"# + $0 + #"\("# }

    @Test func runtimeCallsTheSystemOnlyThroughItsHost() throws {
        let folder = PackageGraphTests.root.appendingPathComponent("Sources/ConfigRuntime")
        let files = try #require(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil))
        var hostFilesSeen: Set<String> = []
        for case let file as URL in files where file.pathExtension == "swift" {
            if Self.runtimeHostFiles.contains(file.lastPathComponent) {
                hostFilesSeen.insert(file.lastPathComponent)
                continue
            }
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                for name in Self.runtimeSideEffects where line.range(of: name, options: .regularExpression) != nil {
                    Issue.record("ConfigRuntime/\(file.lastPathComponent):\(number + 1) uses \(name) outside the host implementations")
                }
            }
        }
        #expect(hostFilesSeen == Self.runtimeHostFiles, "the host implementation files moved: update the list")
    }
}
