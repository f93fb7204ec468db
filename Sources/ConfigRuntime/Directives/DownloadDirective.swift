import Templating
import ConfigLanguage

/// `\download` and `download()`: arguments, names and URLs are checked here, the transfer goes
/// through the host's `WebDownloader` (libcurl and the web cache, in the engine).
public protocol WebDownloader: AnyObject, Sendable {
    /// Downloads the request's URL (to its output, else into the web cache) and returns the
    /// file's absolute path; throws the reference's `Failed to download "URL": ...` wording.
    func download(_ request: DownloadRequest, in context: DownloadContext) throws(ScriptError) -> String
}

/// The web cache's messages that the runtime and the downloader share.
public enum WebCacheMessages {
    public static func offline(_ url: String) -> ScriptError {
        ScriptError("Web cache is in offline mode, and the file for \"\(url)\" was not found in the local cache.")
    }
}

/// What `\download` and `download()` ask for.
public struct DownloadRequest: Sendable {
    public var url: String
    /// Where to save the file, as the script wrote it (relative to the working directory; a
    /// trailing slash names a directory); nil for the web cache.
    public var output: String?
    /// Download again even when the file exists.
    public var overwrite: Bool
    /// Accept `text/*` content.
    public var allowText: Bool
    /// Offline mode: only the web cache may answer.
    public var offline: Bool

    public init(url: String, output: String?, overwrite: Bool, allowText: Bool, offline: Bool) {
        self.url = url
        self.output = output
        self.overwrite = overwrite
        self.allowText = allowText
        self.offline = offline
    }
}

/// The script's surroundings that a download needs.
public struct DownloadContext {
    /// The directory relative paths are resolved against.
    public var workingDirectory: String
    /// An environment variable of the script's environment.
    public var environment: (String) -> String?
    /// Logs an informational message, underlined, as the runtime logs.
    public var log: (String) -> Void
    /// Progress for large transfers (standard error).
    public var progress: (String) -> Void

    public init(workingDirectory: String, environment: @escaping (String) -> String?,
                log: @escaping (String) -> Void, progress: @escaping (String) -> Void) {
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.log = log
        self.progress = progress
    }
}

extension ScriptRuntime {
    func installDownload() {
        directives["download"] = Self.downloadDirective
        register("download") { arguments throws(TemplateError) in
            do throws(ScriptError) {
                let path = try self.download(arguments[0].printed, output: arguments[1].isNone ? nil : arguments[1].printed,
                                             overwrite: arguments[2].isTruthy, allowText: arguments[3].isTruthy)
                return .string(path)
            } catch {
                throw TemplateError("BatchProcessError", error.message)
            }
        }
    }

    /// Whether the command line asked for offline mode (`-ofm`/`--offline-mode`).
    var offlineMode: Bool { injectedArguments.contains("-ofm") || injectedArguments.contains("--offline-mode") }

    /// Checks the URL as the reference's HTTP library does, then hands it to the downloader.
    func download(_ url: String, output: String?, overwrite: Bool, allowText: Bool) throws(ScriptError) -> String {
        let request = DownloadRequest(url: url, output: output, overwrite: overwrite, allowText: allowText, offline: offlineMode)
        // offline, the web cache answers or the download fails, whatever the URL
        if offlineMode && output == nil {
            guard let downloader = host.downloader else { throw WebCacheMessages.offline(url) }
            return try downloader.download(request, in: downloadContext)
        }
        guard let scheme = url.range(of: "://").map({ url[..<$0.lowerBound] }), !scheme.isEmpty else {
            throw ScriptError("Failed to download \"\(url)\": Invalid URL \(PythonString.repr(url)): No scheme supplied. Perhaps you meant https://\(url)?")
        }
        guard scheme.lowercased() == "http" || scheme.lowercased() == "https" else {
            throw ScriptError("Failed to download \"\(url)\": No connection adapters were found for \(PythonString.repr(url))")
        }
        guard let downloader = host.downloader else {
            throw ScriptError("Failed to download \"\(url)\": this build has no downloader (downloads come with the engine)")
        }
        return try downloader.download(request, in: downloadContext)
    }

    /// An image seed's URL through the web cache (offline: only the cache answers).
    func fetchSeed(_ url: String, offline: Bool) throws(ScriptError) -> String {
        guard let downloader = host.downloader else {
            if offline { throw WebCacheMessages.offline(url) }
            throw ScriptError("Failed to download \"\(url)\": this build has no downloader (downloads come with the engine)")
        }
        let request = DownloadRequest(url: url, output: nil, overwrite: false, allowText: false, offline: offline)
        return try downloader.download(request, in: downloadContext)
    }

    private var downloadContext: DownloadContext {
        DownloadContext(
            workingDirectory: host.workingDirectory.path, environment: { [host] in host.environment.value($0) },
            log: { [unowned self] in log([$0], underline: true) }, progress: { [host] in host.output.standardError($0) })
    }

    static func downloadDirective(_ runtime: ScriptRuntime, _ words: [String]) throws -> Int32 {
        var parser = DirectiveArgumentParser(program: "\\download", description: "Download a file.")
        parser.positional("variable", help: "The template variable that receives the downloaded file's path.")
        parser.positional("url", help: "The URL of the file.")
        parser.option(["-o", "--output"], "output", metavar: "PATH",
                      help: "Where to save the file; a path ending in a slash is a directory, the name then comes from the URL or the server. Without it, the file goes to the web cache.")
        parser.flag(["-x", "--overwrite"], "overwrite", help: "Download again even when the file exists.")
        parser.flag(["-t", "--text"], "text", help: "Accept text/* content (by default it is an error: it usually means a login page).")
        let outcome = parser.parse(words, runtime: runtime)
        guard let arguments = outcome.values else { return outcome.status }
        let name = arguments.value("variable") ?? ""
        try runtime.checkDefinable(name)
        do throws(ScriptError) {
            let path = try runtime.download(arguments.value("url") ?? "", output: arguments.value("output"),
                                            overwrite: arguments.flag("overwrite"), allowText: arguments.flag("text"))
            runtime.setVariable(name, .string(path))
            return 0
        } catch {
            runtime.errorMessage(error.message)
            return 1
        }
    }
}
