import ConfigLanguage
import Engine
import Foundation
import Testing
import Templating
import ConfigRuntime

/// `\download` and `download()` over libcurl against a server on 127.0.0.1 that each test
/// starts itself. The messages are the reference's: the same scripts were run through
/// dgenerate 5.0.0 against a local `python3 -m http.server` and printed the same lines.
@Suite(.serialized) struct DownloadTests {
    final class Capture: ScriptOutput, @unchecked Sendable {
        var out = "", err = ""
        func standardOutput(_ text: String) { out += text }
        func standardError(_ text: String) { err += text }
    }

    /// A scratch directory with a web cache, a working directory and a server.
    struct Setup {
        let root: String
        let server: LocalHTTPServer
        var cache: String { root + "/cache" }
        var work: String { root + "/work" }

        init() throws {
            root = NSTemporaryDirectory() + "dgenerate-download-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: root + "/work", withIntermediateDirectories: true)
            server = try LocalHTTPServer()
        }

        /// Runs `script` with a fresh runtime; returns (status, stdout, stderr).
        func run(_ script: String, arguments: [String] = [], expiry: String = "hours=12") -> (Int32, String, String) {
            let capture = Capture()
            let host = RuntimeHost(output: capture, environment: MemoryEnvironment([("COLUMNS", "80")]),
                                   workingDirectory: VirtualWorkingDirectory(work),
                                   downloader: CurlWebDownloader(cacheDirectory: cache, expiry: expiry))
            let status = ScriptEntry.run(SourceText(name: "test.dgen", text: script), arguments: arguments, host: host)
            return (status, capture.out, capture.err)
        }

        func contents(_ path: String) -> [UInt8]? { FileManager.default.contents(atPath: path).map(Array.init) }
        func files(_ directory: String) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted() }
    }

    static let payload: [UInt8] = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }

    @Test func cachedDownloadIsReusedAndOverwriteFetchesAgain() throws {
        let setup = try Setup()
        setup.server.route("/model.bin", .init(headers: [("Content-Type", "application/octet-stream")], body: Self.payload))
        let url = setup.server.base + "/model.bin"
        let (status, out, err) = setup.run("\\download a \(url)\n\\print {{ a }}\n\\download b \(url)\n\\print {{ b }}\n")
        #expect(status == 0, "\(err)")
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0] == "Downloading: \"\(url)\"")
        #expect(lines[1] == String(repeating: "=", count: lines[0].count))
        #expect(lines[2] == lines[3])
        #expect(lines[2].hasPrefix(setup.cache + "/") && lines[2].hasSuffix(".bin"))
        #expect(setup.contents(lines[2]) == Self.payload)
        #expect(setup.server.hitCount("/model.bin") == 1)

        // a new process sees the same cache; -x downloads again
        let (again, againOut, _) = setup.run("\\download c \(url) -x\n\\print {{ c }}\n")
        #expect(again == 0)
        #expect(againOut.hasPrefix("Downloading: \"\(url)\""))
        #expect(setup.server.hitCount("/model.bin") == 2)
        #expect(!setup.files(setup.cache).contains { $0.hasSuffix(".unfinished") })
    }

    @Test func outputDirectoryTakesTheServersFileNameAndIsReused() throws {
        let setup = try Setup()
        setup.server.route("/api/7", .init(headers: [("Content-Type", "application/octet-stream"),
                                                     ("Content-Disposition", "attachment; filename=\"weights.safetensors\"")],
                                           body: Self.payload))
        let url = setup.server.base + "/api/7"
        let (status, out, err) = setup.run("\\download a \(url) -o models/\n\\print {{ a }}\n")
        #expect(status == 0, "\(err)")
        #expect(out == """
            Downloading: "\(url)"
            Destination: "models/weights.safetensors"
            \(String(repeating: "=", count: "Downloading: \"\(url)\"".count))
            \(setup.work)/models/weights.safetensors

            """)
        #expect(setup.contents(setup.work + "/models/weights.safetensors") == Self.payload)

        // the pointer in the web cache answers without a request
        let (again, againOut, _) = setup.run("\\download a \(url) -o models/\n\\print {{ a }}\n")
        #expect(again == 0)
        let reuse = "Downloaded file already exists, using: models/weights.safetensors"
        #expect(againOut == "\(reuse)\n\(String(repeating: "=", count: reuse.count))\n\(setup.work)/models/weights.safetensors\n")
        #expect(setup.server.hitCount("/api/7") == 1)
    }

    @Test func redirectsNameTheFileAfterTheirTarget() throws {
        let setup = try Setup()
        setup.server.route("/old", .init(status: 302, reason: "Found", headers: [("Location", "/files/new.ckpt")]))
        setup.server.route("/files/new.ckpt", .init(headers: [("Content-Type", "application/octet-stream")], body: [1, 2, 3]))
        let (status, out, err) = setup.run("\\print {{ download('\(setup.server.base)/old', output='dir/') }}\n")
        #expect(status == 0, "\(err)")
        #expect(out.hasSuffix("\(setup.work)/dir/new.ckpt\n"))
        #expect(setup.contents(setup.work + "/dir/new.ckpt") == [1, 2, 3])
    }

    @Test func textNeedsTheTextFlagAndErrorsReadLikeTheReference() throws {
        let setup = try Setup()
        setup.server.route("/page", .init(headers: [("Content-Type", "text/html")], body: Array("<html>".utf8)))
        let page = setup.server.base + "/page"
        let (refused, _, refusedErr) = setup.run("\\download a \(page)\n")
        #expect(refused == 1)
        #expect(refusedErr.hasPrefix("Encountered text/* mimetype at \"\(page)\" without specifying the -t/--text argument.\n"))
        #expect(setup.files(setup.cache).filter { $0 != "cache.db" && $0 != "cache.db.lock" }.isEmpty)

        let (allowed, allowedOut, _) = setup.run("\\download a \(page) -t\n\\print {{ a }}\n")
        #expect(allowed == 0)
        let path = String(allowedOut.split(separator: "\n").last ?? "")
        #expect(setup.contents(path) == Array("<html>".utf8))

        let missing = setup.server.base + "/missing.bin"
        let (failed, _, failedErr) = setup.run("\\download a \(missing)\n")
        #expect(failed == 1)
        #expect(failedErr.hasPrefix("Failed to download \"\(missing)\": 404 Client Error: Not Found for url: \(missing)\n"))
    }

    @Test func truncatedTransferLeavesNoFile() throws {
        let setup = try Setup()
        setup.server.route("/big.bin", .init(headers: [("Content-Type", "application/octet-stream")], body: Self.payload, truncateAfter: 100))
        let url = setup.server.base + "/big.bin"
        let (status, _, err) = setup.run("\\download a \(url) -o big.bin\n")
        #expect(status == 1)
        #expect(err.hasPrefix("Download failure, something went wrong downloading \"\(url)\".\n"))
        #expect(setup.files(setup.work).isEmpty)

        let (cached, _, cachedErr) = setup.run("\\download a \(url)\n")
        #expect(cached == 1)
        #expect(cachedErr.hasPrefix("Download failure, something went wrong downloading \"\(url)\".\n"))
        #expect(setup.files(setup.cache).filter { $0 != "cache.db" && $0 != "cache.db.lock" }.isEmpty)
    }

    @Test func expiredEntriesAreFetchedAgain() throws {
        let setup = try Setup()
        setup.server.route("/m.bin", .init(headers: [("Content-Type", "application/octet-stream")], body: Self.payload))
        let script = "\\download a \(setup.server.base)/m.bin\n"
        #expect(setup.run(script, expiry: "seconds=1").0 == 0)
        #expect(setup.run(script, expiry: "seconds=1").0 == 0)
        #expect(setup.server.hitCount("/m.bin") == 1)
        Thread.sleep(forTimeInterval: 1.2)
        #expect(setup.run(script, expiry: "seconds=1").0 == 0)
        #expect(setup.server.hitCount("/m.bin") == 2)
        // the expired file went with its entry
        #expect(setup.files(setup.cache).filter { $0.hasSuffix(".bin") }.count == 1)

        let (bad, _, badErr) = setup.run(script, expiry: "fortnights=2")
        #expect(bad == 1)
        #expect(badErr.hasPrefix("DGENERATE_WEB_CACHE_EXPIRY_DELTA environmental variable not parseable: "))
    }

    @Test func offlineModeAnswersFromTheCacheOnly() throws {
        let setup = try Setup()
        setup.server.route("/m.bin", .init(headers: [("Content-Type", "application/octet-stream")], body: Self.payload))
        let url = setup.server.base + "/m.bin"
        #expect(setup.run("\\download a \(url)\n").0 == 0)
        let (cached, cachedOut, _) = setup.run("\\download a \(url)\n\\print {{ a }}\n", arguments: ["-ofm"])
        #expect(cached == 0)
        #expect(cachedOut.hasPrefix(setup.cache + "/"))
        let other = setup.server.base + "/other.bin"
        let (missing, _, missingErr) = setup.run("\\download a \(other)\n", arguments: ["-ofm"])
        #expect(missing == 1)
        #expect(missingErr.hasPrefix("Web cache is in offline mode, and the file for \"\(other)\" was not found in the local cache.\n"))
        #expect(setup.server.hitCount("/other.bin") == 0)
    }
}
