import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server on 127.0.0.1 for download tests: fixed routes, one request per
/// connection, a count of requests per path.
final class LocalHTTPServer: @unchecked Sendable {
    struct Route {
        var status = 200
        var reason = "OK"
        var headers: [(String, String)] = []
        var body: [UInt8] = []
        /// Announce the whole body but send only this many bytes, then close.
        var truncateAfter: Int? = nil
    }

    private(set) var port: UInt16 = 0
    private let listener: Int32
    private let lock = NSLock()
    private var routes: [String: Route] = [:]
    private var hits: [String: Int] = [:]

    init() throws {
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    deinit { close(listener) }

    var base: String { "http://127.0.0.1:\(port)" }

    func route(_ path: String, _ route: Route) {
        lock.withLock { routes[path] = route }
    }

    func hitCount(_ path: String) -> Int { lock.withLock { hits[path, default: 0] } }

    private func serve() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 { return }
            handle(connection)
            close(connection)
        }
    }

    private func handle(_ connection: Int32) {
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.ends(with: Array("\r\n\r\n".utf8)) {
            let count = read(connection, &buffer, buffer.count)
            if count <= 0 { return }
            request += buffer[0..<count]
        }
        let requestLine = String(decoding: request.prefix { $0 != 13 }, as: UTF8.self)
        let path = requestLine.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        let route: Route = lock.withLock {
            hits[path, default: 0] += 1
            return routes[path] ?? Route(status: 404, reason: "Not Found", body: Array("missing".utf8))
        }
        var head = "HTTP/1.1 \(route.status) \(route.reason)\r\nContent-Length: \(route.body.count)\r\nConnection: close\r\n"
        for (name, value) in route.headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        let body = route.truncateAfter.map { Array(route.body.prefix($0)) } ?? route.body
        let bytes = Array(head.utf8) + body
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            offset += written
        }
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}
