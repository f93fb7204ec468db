import CCurl
import ConfigLanguage
import Foundation
#if canImport(Glibc)
import Glibc
import ConfigRuntime
#endif

/// `\download` and `download()` as dgenerate does them, over libcurl: into the shared web cache,
/// or to an output path that later runs reuse. Bodies are written under a temporary name and
/// renamed when complete, so that a failed transfer never leaves a partial file under the
/// final name.
public final class CurlWebDownloader: WebDownloader, @unchecked Sendable {
    private let cacheDirectory: String
    /// The raw `DGENERATE_WEB_CACHE_EXPIRY_DELTA` setting (default `hours=12`).
    private let expirySetting: String

    /// The downloader with dgenerate's cache location and expiry, read from `environment` (the
    /// process environment at start, as dgenerate reads it).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        cacheDirectory = WebCache.defaultDirectory(environment: environment)
        expirySetting = environment["DGENERATE_WEB_CACHE_EXPIRY_DELTA"] ?? "hours=12"
    }

    /// A downloader with its own cache directory and expiry setting (`hours=12` style).
    public init(cacheDirectory: String, expiry: String = "hours=12") {
        self.cacheDirectory = cacheDirectory
        expirySetting = expiry
    }

    public func download(_ request: DownloadRequest, in context: DownloadContext) throws(ScriptError) -> String {
        let cache: WebCache
        do {
            let expiry = try TimeDelta.parse(expirySetting.trimmingCharacters(in: CharacterSet(charactersIn: "\"'")))
            cache = try WebCache(directory: cacheDirectory, expiry: expiry)
            try cache.removeExpired()
        } catch let failure as TimeDelta.Failure {
            throw ScriptError("DGENERATE_WEB_CACHE_EXPIRY_DELTA environmental variable not parseable: \(failure.message)")
        } catch {
            throw ScriptError("Failed to download \"\(request.url)\": \(error)")
        }
        if let output = request.output, !output.isEmpty {
            return try download(request, to: output, cache: cache, context: context)
        }
        return try downloadToCache(request, cache: cache, context: context)
    }

    // MARK: - Into the web cache

    private func downloadToCache(_ request: DownloadRequest, cache: WebCache, context: DownloadContext) throws(ScriptError) -> String {
        let url = Self.withTokens(request.url, context)
        if !request.overwrite, let entry = try cacheEntry(url, cache, request), FileManager.default.fileExists(atPath: entry.path) {
            return entry.path
        }
        if request.offline { throw WebCacheMessages.offline(url) }
        var file: PartialFile?
        var mimeType = "unknown"
        let transfer = HTTPGet(url: url)
        do {
            let response = try transfer.run(start: { response in
                if let refusal = Self.refusal(response, request) { return refusal }
                mimeType = response.header("Content-Type") ?? "unknown"
                let name = DownloadFileName.name(contentDisposition: response.header("Content-Disposition"), url: response.url)
                let path = cache.newFilePath(extension: PythonPath.splitext(name).extension)
                context.log("Downloading: \"\(url)\"")
                do { file = try PartialFile(path) } catch { return "Failed to download \"\(request.url)\": \(error)" }
                return nil
            }, body: { bytes in try file!.write(bytes) }, progress: Self.progressReporter(context))
            _ = response
            guard let finished = file else { throw ScriptError("Failed to download \"\(request.url)\": no response") }
            try finished.commit()
            file = nil
            try cache.store(url, path: finished.path, mimeType: mimeType)
            return finished.path
        } catch {
            file?.discard()
            throw Self.message(error, request)
        }
    }

    private func cacheEntry(_ key: String, _ cache: WebCache, _ request: DownloadRequest) throws(ScriptError) -> WebCache.Entry? {
        do { return try cache.entry(key) } catch { throw ScriptError("Failed to download \"\(request.url)\": \(error)") }
    }

    // MARK: - To an output path

    private func download(_ request: DownloadRequest, to output: String, cache: WebCache, context: DownloadContext) throws(ScriptError) -> String {
        let directory = context.workingDirectory
        let pointerKey = "download pointer: \(request.url), output: \(PythonPath.abspath(output, in: directory))"
        if !request.overwrite, let pointer = try cacheEntry(pointerKey, cache, request) {
            let target = (try? String(contentsOfFile: pointer.path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            if let target, FileManager.default.fileExists(atPath: target) {
                context.log("Downloaded file already exists, using: \(PythonPath.relpath(target, from: directory))")
                return target
            }
            try? cache.remove(pointerKey)
        }
        var destination = output
        var reused = false
        var file: PartialFile?
        let transfer = HTTPGet(url: Self.withTokens(request.url, context))
        do {
            _ = try transfer.run(start: { response in
                if let refusal = Self.refusal(response, request) { return refusal }
                if output.hasSuffix("/") || output.hasSuffix("\\") {
                    let folder = PythonPath.abspath(output, in: directory)
                    do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                        return "Failed to download \"\(request.url)\": cannot create \(output): \(error.localizedDescription)"
                    }
                    destination = PosixPathJoin.join(output, DownloadFileName.name(
                        contentDisposition: response.header("Content-Disposition"), url: response.url))
                }
                if !request.overwrite && FileManager.default.fileExists(atPath: PythonPath.abspath(destination, in: directory)) {
                    reused = true
                    return ""
                }
                context.log("Downloading: \"\(request.url)\"\nDestination: \"\(destination)\"")
                do { file = try PartialFile(PythonPath.abspath(destination, in: directory)) } catch {
                    return "Failed to download \"\(request.url)\": \(error)"
                }
                return nil
            }, body: { bytes in try file!.write(bytes) }, progress: Self.progressReporter(context))
            guard let finished = file else { throw ScriptError("Failed to download \"\(request.url)\": no response") }
            try finished.commit()
            file = nil
        } catch HTTPGet.Failure.refused("") where reused {
            context.log("Downloaded file already exists, using: \(PythonPath.normpath(destination))")
        } catch {
            file?.discard()
            throw Self.message(error, request)
        }
        let path = PythonPath.abspath(destination, in: directory)
        do {
            let pointerPath = cache.newFilePath(extension: "")
            try Data(path.utf8).write(to: URL(fileURLWithPath: pointerPath))
            try cache.store(pointerKey, path: pointerPath, mimeType: nil)
        } catch {
            throw ScriptError("Failed to download \"\(request.url)\": \(error)")
        }
        return path
    }

    // MARK: - Shared

    /// The reference's refusals: HTTP errors as Python's `requests` words them, and `text/*`
    /// content without `-t/--text`.
    private static func refusal(_ response: HTTPGet.Response, _ request: DownloadRequest) -> String? {
        if (400..<600).contains(response.status) {
            let kind = response.status < 500 ? "Client" : "Server"
            return "Failed to download \"\(request.url)\": \(response.status) \(kind) Error: \(response.reason) for url: \(response.url)"
        }
        let mimeType = response.header("Content-Type") ?? "unknown"
        if !request.allowText && mimeType.hasPrefix("text/") {
            return "Encountered text/* mimetype at \"\(request.url)\" without specifying the -t/--text argument."
        }
        return nil
    }

    private static func message(_ error: any Error, _ request: DownloadRequest) -> ScriptError {
        switch error {
        case let error as ScriptError: return error
        case HTTPGet.Failure.refused(let message): return ScriptError(message)
        case HTTPGet.Failure.transfer(let code, _) where code == ccurl_partial_file_code():
            return ScriptError("Download failure, something went wrong downloading \"\(request.url)\".")
        case HTTPGet.Failure.transfer(_, let message): return ScriptError("Failed to download \"\(request.url)\": \(message)")
        case HTTPGet.Failure.sink(let message): return ScriptError("Failed to download \"\(request.url)\": \(message)")
        default: return ScriptError("Failed to download \"\(request.url)\": \(error)")
        }
    }

    /// CivitAI download URLs get the `CIVIT_AI_TOKEN` from the environment, as in dgenerate.
    static func withTokens(_ url: String, _ context: DownloadContext) -> String {
        guard var components = URLComponents(string: url), components.host == "civitai.com",
              components.path.hasPrefix("/api/download"), let token = context.environment("CIVIT_AI_TOKEN"), !token.isEmpty,
              !(components.queryItems ?? []).contains(where: { $0.name == "token" }) else { return url }
        components.queryItems = (components.queryItems ?? []) + [URLQueryItem(name: "token", value: token)]
        return components.string ?? url
    }

    /// Progress on standard error for transfers larger than 1% of memory (dgenerate shows a bar
    /// for those only), at most a few times a second.
    private static func progressReporter(_ context: DownloadContext) -> (Int64, Int64) -> Void {
        let threshold = Int64(ProcessInfo.processInfo.physicalMemory / 100)
        var last = Date.distantPast
        var finished = false
        return { total, received in
            guard total > threshold, !finished else { return }
            let now = Date()
            guard received == total || now.timeIntervalSince(last) > 0.25 else { return }
            last = now
            let percent = Int(Double(received) / Double(total) * 100)
            let line = String(format: "\r%3d%% %@/%@", percent, byteCount(received), byteCount(total))
            finished = received == total
            context.progress(line + (finished ? "\n" : ""))
        }
    }

    private static func byteCount(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes), unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(bytes)B" : String(format: "%.2f%@", value, units[unit])
    }
}

/// A file being downloaded: written as `PATH.unfinished`, renamed to `PATH` when complete,
/// removed when not.
final class PartialFile {
    struct Failure: Error, CustomStringConvertible { var description: String }

    let path: String
    private var descriptor: Int32

    init(_ path: String) throws(Failure) {
        self.path = path
        descriptor = open(path + ".unfinished", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw Failure(description: "cannot write \(path).unfinished: \(String(cString: strerror(errno)))") }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "cannot write \(path).unfinished: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    func commit() throws(Failure) {
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0, rename(path + ".unfinished", path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(path + ".unfinished")
            throw Failure(description: "cannot finish \(path): \(message)")
        }
    }

    func discard() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(path + ".unfinished")
    }
}
