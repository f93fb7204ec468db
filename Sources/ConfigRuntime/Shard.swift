import ConfigLanguage
import Foundation

/// `--shard K/N` (this project's own option): the run generates only every Nth generation step
/// of the whole run, starting with the Kth, so that N runs of the same script (on as many
/// machines, over one output folder) write together exactly the files one run writes.
public struct Shard: Sendable, Equatable {
    /// 1...count.
    public let index: Int
    public let count: Int

    /// `K/N` with 1 <= K <= N; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Whether the run's generation step `step` (0-based, counted over the whole run) is this
    /// shard's.
    public func owns(_ step: Int) -> Bool { step % count == index - 1 }
}

/// What a sharded run keeps across its invocations: the steps counted so far, the files the
/// whole run has planned (a later name is a `_duplicate` of one of them, as in one run), and
/// the files other shards write (which this shard must never read).
final class ShardProgress {
    var steps = 0
    var planned = Set<String>()
    var foreign = Set<String>()
    /// Files older than the run existed before it; newer ones are another shard's.
    let start = Int(Date().timeIntervalSince1970)
}

extension ImageSeedURI {
    /// Every file the seed reads: images, masks, control images, latents, adapter images.
    var readPaths: [String] {
        (images ?? []) + (masks ?? []) + (controlImages ?? []) + (latents ?? []) + (adapterImages ?? []).flatMap { $0 } + (floydImage.map { [$0] } ?? [])
    }
}

extension ScriptRuntime {
    /// Whether `path` (resolved) counts as existing when a sharded run names its files: planned
    /// earlier in the run by any shard, or there before the run began.
    func existsForShard(_ path: String) -> Bool {
        if shardProgress.planned.contains(path) { return true }
        guard let status = host.files.status(path) else { return false }
        return status.modified < shardProgress.start
    }

    /// The reason a sharded invocation cannot run as one shard of many, or nil.
    func shardRefusal(_ parsed: CommandLineParser.Parsed) -> String? {
        guard let shard = host.shard else { return nil }
        let parser = CommandLineParser.full
        guard parsed.values.keys.contains(where: { parser.options[$0].names.contains("--seeds") }) else {
            return "--shard \(shard.index)/\(shard.count) needs --seeds on every invocation: without them each shard would draw its own random seeds"
        }
        return nil
    }
}
