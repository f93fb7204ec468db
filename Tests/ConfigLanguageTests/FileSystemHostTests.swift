import ConfigLanguage
import ConfigRuntime
import Foundation
import Templating
import Testing

/// The file directives work through the host's file system, so that a host can give scripts
/// another one (and nothing reaches the disk behind its back).
@Suite struct FileSystemHostTests {
    /// The real file system, with every operation written down.
    final class Recording: FileSystem, @unchecked Sendable {
        let real = SystemDirectories()
        var calls: [String] = []
        func list(_ directory: String) -> [String] { calls.append("list"); return real.list(directory) }
        func exists(_ path: String) -> Bool { calls.append("exists"); return real.exists(path) }
        func isDirectory(_ path: String) -> Bool { calls.append("isDirectory"); return real.isDirectory(path) }
        func isSymbolicLink(_ path: String) -> Bool { calls.append("isSymbolicLink"); return real.isSymbolicLink(path) }
        func status(_ path: String) -> FileStatus? { calls.append("status"); return real.status(path) }
        func removeDirectory(_ path: String) -> Int32 { calls.append("removeDirectory"); return real.removeDirectory(path) }
        func removeFile(_ path: String) -> Int32 { calls.append("removeFile"); return real.removeFile(path) }
        func rename(_ source: String, to destination: String) -> Int32 { calls.append("rename"); return real.rename(source, to: destination) }
        func makeDirectory(_ path: String) -> Int32 { calls.append("makeDirectory"); return real.makeDirectory(path) }
        func removeTree(_ path: String) throws { calls.append("removeTree"); try real.removeTree(path) }
        func copy(_ source: String, to destination: String) throws { calls.append("copy"); try real.copy(source, to: destination) }
        func makeDirectories(_ path: String) throws { calls.append("makeDirectories"); try real.makeDirectories(path) }
        func read(_ path: String, upTo count: Int) -> [UInt8]? { calls.append("read"); return real.read(path, upTo: count) }
    }

    @Test func fileDirectivesGoThroughTheHost() throws {
        let sandbox = FileManager.default.temporaryDirectory.appendingPathComponent("dgen-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: sandbox, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: sandbox) }
        let recording = Recording()
        var host = RuntimeHost(output: ConformanceTests.Capture(), environment: MemoryEnvironment(),
                               workingDirectory: VirtualWorkingDirectory(sandbox.path))
        host.files = recording
        let script = "\\mkdir a\n\\mkdir -p b/c\n\\cp a a2\n\\mv b b2\n\\ls -l\n\\rm -r b2\n\\rmdir a\n"
        let status = ScriptEntry.run(SourceText(name: "t.dgen", text: script), arguments: [], host: host)
        // \cp of a directory is refused before anything is copied
        #expect(status == 1)
        #expect(recording.calls.contains("makeDirectory"))
        #expect(recording.calls.contains("makeDirectories"))
        #expect(FileManager.default.fileExists(atPath: sandbox.appendingPathComponent("b/c").path))

        let second = Recording()
        host.files = second
        let rest = "\\mv b b2\n\\ls -l\n\\rm -r b2\n\\rmdir a\n\\print {{ os.path.isdir('a') }}\n\\print {{ image_size('no.png') }}\n"
        // image_size of a missing file fails, after asking the host
        #expect(ScriptEntry.run(SourceText(name: "t.dgen", text: rest), arguments: [], host: host) == 1)
        for call in ["rename", "status", "list", "removeTree", "removeDirectory", "isDirectory", "read"] {
            #expect(second.calls.contains(call), "\(call) did not go through the host")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.path).isEmpty)
    }
}
