import CCurl
import Foundation
import ConfigRuntime

/// One HTTP(S) GET over libcurl, streamed: the caller sees the final response's status and
/// headers before the first byte of the body, and can refuse the body there.
struct HTTPGet {
    /// The status line and headers of the response that carries the body (after redirects).
    struct Response {
        var status = 0
        /// The reason phrase of the status line ("Not Found"); empty over HTTP/2.
        var reason = ""
        var headers: [(name: String, value: String)] = []
        /// The URL after redirects.
        var url = ""

        /// The first header of that name (case-insensitive).
        func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    /// Why a transfer ended without the whole body.
    enum Failure: Error {
        /// The caller refused the response (its message).
        case refused(String)
        /// libcurl's error: its code and message.
        case transfer(code: Int32, message: String)
        /// Writing the body failed (the caller's message).
        case sink(String)
    }

    var url: String
    var userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
    /// Seconds to connect, and seconds without a byte before the transfer fails (the
    /// reference's `timeout=5` means both).
    var connectTimeout = 5
    var stallTimeout = 5

    /// Runs the transfer. `start` sees the response once, before any body (also for an empty
    /// body) and returns an error message to refuse it; `body` receives the body in pieces and
    /// throws to stop; `progress` sees (expected bytes or 0, received bytes).
    func run(start: @escaping (Response) -> String?,
             body: @escaping (UnsafeRawBufferPointer) throws -> Void,
             progress: ((Int64, Int64) -> Void)? = nil) throws(Failure) -> Response {
        let state = TransferState(start: start, body: body, progress: progress)
        state.response.url = url
        let context = Unmanaged.passRetained(state)
        defer { context.release() }
        var error = [CChar](repeating: 0, count: 512)
        var effectiveURL = [CChar](repeating: 0, count: 8192)
        let code = ccurl_get(url, userAgent, connectTimeout, stallTimeout,
                             { data, size, context in TransferState.from(context).header(data, size) },
                             { data, size, context in TransferState.from(context).body(data, size) },
                             { total, received, context in TransferState.from(context).progress?(total, received) },
                             context.toOpaque(), &error, error.count, &effectiveURL, effectiveURL.count)
        state.response.url = Self.text(effectiveURL)
        if let refusal = state.refusal { throw .refused(refusal) }
        if let sinkError = state.sinkError { throw .sink(sinkError) }
        guard code == 0 else { throw .transfer(code: code, message: Self.text(error)) }
        // an empty body never reached the body callback
        if !state.started, let refusal = state.begin() { throw .refused(refusal) }
        return state.response
    }
}

extension HTTPGet {
    /// The text of a NUL-terminated C buffer.
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// What the C callbacks update during one transfer.
private final class TransferState {
    var response = HTTPGet.Response()
    var started = false
    var refusal: String?
    var sinkError: String?
    let start: (HTTPGet.Response) -> String?
    let sink: (UnsafeRawBufferPointer) throws -> Void
    let progress: ((Int64, Int64) -> Void)?

    init(start: @escaping (HTTPGet.Response) -> String?, body: @escaping (UnsafeRawBufferPointer) throws -> Void,
         progress: ((Int64, Int64) -> Void)?) {
        self.start = start
        self.sink = body
        self.progress = progress
    }

    static func from(_ context: UnsafeMutableRawPointer?) -> TransferState {
        Unmanaged<TransferState>.fromOpaque(context!).takeUnretainedValue()
    }

    func header(_ data: UnsafePointer<CChar>?, _ size: Int) -> Int {
        guard let data else { return size }
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            // a new response (the previous one was a redirect or an interim 1xx): the body's URL
            // follows the redirect, for the file name it implies
            if (300..<400).contains(response.status), let location = response.header("Location"),
               let next = URL(string: location, relativeTo: URL(string: response.url)) {
                response.url = next.absoluteString
            }
            let fields = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            response.status = fields.count > 1 ? Int(fields[1]) ?? 0 : 0
            response.reason = fields.count > 2 ? String(fields[2]) : ""
            response.headers = []
        } else if let colon = line.firstIndex(of: ":") {
            response.headers.append((String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                                     String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
        return size
    }

    /// Offers the response to the caller; its refusal, if any.
    func begin() -> String? {
        started = true
        refusal = start(response)
        return refusal
    }

    func body(_ data: UnsafePointer<CChar>?, _ size: Int) -> Int {
        if !started, begin() != nil { return 0 }
        guard let data else { return size }
        do {
            try sink(UnsafeRawBufferPointer(start: data, count: size))
        } catch {
            sinkError = "\(error)"
            return 0
        }
        return size
    }
}
