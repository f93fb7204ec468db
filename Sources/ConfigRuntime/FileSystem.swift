#if canImport(Glibc)
import Glibc
#endif
import ConfigLanguage
import Foundation

/// What `stat` tells of a file, as the file directives use it.
public struct FileStatus: Sendable, Equatable {
    public var mode: UInt32
    public var links: UInt64
    public var size: Int64
    /// Seconds since the epoch.
    public var modified: Int

    public var isDirectory: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFDIR) }

    public init(mode: UInt32, links: UInt64, size: Int64, modified: Int) {
        self.mode = mode
        self.links = links
        self.size = size
        self.modified = modified
    }
}

/// The file operations of the file directives (`\ls`, `\cp`, `\mv`, `\rm`, `\rmdir`, `\mkdir`),
/// behind the host so that a host can give scripts another file system. The single-call ones
/// answer 0 or the `errno` the call failed with, which the directives word as the reference does.
public protocol FileSystem: DirectoryReader {
    /// `stat`, through links; nil when it fails.
    func status(_ path: String) -> FileStatus?
    /// `rmdir`.
    func removeDirectory(_ path: String) -> Int32
    /// `unlink`.
    func removeFile(_ path: String) -> Int32
    /// `rename`.
    func rename(_ source: String, to destination: String) -> Int32
    /// `mkdir` of one level, mode 0777 less the umask.
    func makeDirectory(_ path: String) -> Int32
    /// A file or a whole tree removed; throws when any of it could not be.
    func removeTree(_ path: String) throws
    /// A file or a tree copied to a new name; throws when it could not be.
    func copy(_ source: String, to destination: String) throws
    /// A directory and the parents it needs; throws when one could not be made.
    func makeDirectories(_ path: String) throws
    /// The first `count` bytes of a file (fewer when it is shorter); nil when it cannot be opened.
    func read(_ path: String, upTo count: Int) -> [UInt8]?
}

extension SystemDirectories: FileSystem {
    public func status(_ path: String) -> FileStatus? {
        guard !path.utf8.contains(0) else { return nil }
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileStatus(mode: UInt32(info.st_mode), links: UInt64(info.st_nlink), size: Int64(info.st_size), modified: Int(info.st_mtim.tv_sec))
    }

    public func removeDirectory(_ path: String) -> Int32 { Self.result(path) { rmdir($0) } }
    public func removeFile(_ path: String) -> Int32 { Self.result(path) { unlink($0) } }
    public func makeDirectory(_ path: String) -> Int32 { Self.result(path) { mkdir($0, 0o777) } }

    public func rename(_ source: String, to destination: String) -> Int32 {
        guard !source.utf8.contains(0), !destination.utf8.contains(0) else { return ENOENT }
        return Glibc.rename(source, destination) == 0 ? 0 : errno
    }

    public func removeTree(_ path: String) throws { try FileManager.default.removeItem(atPath: path) }
    public func copy(_ source: String, to destination: String) throws { try FileManager.default.copyItem(atPath: source, toPath: destination) }
    public func makeDirectories(_ path: String) throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }

    public func read(_ path: String, upTo count: Int) -> [UInt8]? {
        guard !path.utf8.contains(0), let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return [UInt8](handle.readData(ofLength: count))
    }

    /// 0, or the errno `call` failed with (a path with a NUL byte names no file).
    private static func result(_ path: String, _ call: (String) -> Int32) -> Int32 {
        guard !path.utf8.contains(0) else { return ENOENT }
        return call(path) == 0 ? 0 : errno
    }
}
