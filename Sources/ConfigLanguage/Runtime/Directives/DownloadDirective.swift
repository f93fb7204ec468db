/// `\download` and `download()`: arguments, names and URLs are checked here, the transfer goes
/// through the host's `WebDownloader` (libcurl and the web cache, in the engine).
public protocol WebDownloader: AnyObject, Sendable {
    /// Downloads `url` (to `output`, else into the web cache) and returns the file's path;
    /// throws the reference's `Failed to download "URL": ...` wording.
    func download(_ url: String, output: String?, overwrite: Bool, allowText: Bool, offline: Bool) throws(ScriptError) -> String
}

extension ScriptRuntime {
    func installDownload() {
        directives["download"] = Self.downloadDirective
        register("download", ["url", "output", "overwrite", "text"], [nil, Value.none, .bool(false), .bool(false)]) { arguments throws(TemplateError) in
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
        if offlineMode && output == nil {
            throw ScriptError("Web cache is in offline mode, and the file for \"\(url)\" was not found in the local cache.")
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
        return try downloader.download(url, output: output, overwrite: overwrite, allowText: allowText, offline: offlineMode)
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
