import Foundation

/// torchsde's `BrownianInterval` as diffusers' DPM++ SDE builds it (`halfway_tree=True`,
/// `tol=1e-6`, `pool_size=24`, no Lévy area): Brownian motion on [t0, t1] whose increments are
/// drawn down a dyadic tree of intervals, each node's split drawn from torch's generator
/// seeded by numpy's `SeedSequence` of the entropy and the node's place, so that the path
/// follows from the entropy alone. Times are rounded to six decimals, as torchsde rounds them.
public final class BrownianInterval<Sample: SchedulerTensor> {
    struct Node {
        let start: Double, end: Double
        let parent: Int?
        let isLeft: Bool
        var midway: Double? = nil
        var spawnKey: UInt64 = 0, depth: UInt64 = 0
        /// The seed of the normal draw that splits this node's increment between its children.
        var splitSeed: UInt32 = 0
        var left = 0, right = 0
    }

    private var nodes: [Node]
    private var increments: [Int: Sample] = [:]
    private let entropy: UInt64
    private let like: Sample
    private var last = 0

    /// The motion on [t0, t1] for samples shaped like `like`.
    public init(t0: Double, t1: Double, entropy: UInt64, like: Sample) {
        self.entropy = entropy
        self.like = like
        nodes = [Node(start: Self.round(t0), end: Self.round(t1), parent: nil, isLeft: false)]
        let seeds = SeedSequence(entropy: entropy, poolSize: 24).generateState(3)
        increments[0] = like.normal(seed: UInt64(seeds[0])).scaled(by: (t1 - t0).squareRoot())
    }

    /// Python's `round(x, 6)`: to the nearest six-decimal number (the printed form is exact).
    public static func round(_ x: Double) -> Double { Double(String(format: "%.6f", x)) ?? x }

    /// The increment W(tb) - W(ta), ta <= tb, both clamped into the interval.
    public func increment(_ ta: Double, _ tb: Double) -> Sample {
        let root = nodes[0]
        let a = min(max(ta, root.start), root.end), b = min(max(tb, root.start), root.end)
        guard a < b else { return like.scaled(by: 0) }
        var found: [Int] = []
        locate(last, Self.round(a), Self.round(b), &found)
        guard let first = found.first else { return like.scaled(by: 0) }
        last = found[found.count - 1]
        return found.dropFirst().reduce(increment(of: first)) { $0 + increment(of: $1) }
    }

    /// The nodes that exactly cover [ta, tb], left to right, splitting nodes on the way.
    private func locate(_ index: Int, _ ta: Double, _ tb: Double, _ out: inout [Int]) {
        let node = nodes[index]
        if ta < node.start || tb > node.end, let parent = node.parent { return locate(parent, ta, tb, &out) }
        if ta == node.start && tb == node.end { return out.append(index) }
        guard let midway = node.midway else {
            // a node of two rounding steps or less has no midpoint apart from its ends
            guard node.end - node.start > 1.5e-6 else { return out.append(index) }
            if ta == node.start {
                split(index, at: tb)
                return locate(nodes[index].left, ta, tb, &out)
            }
            split(index, at: ta)
            return locate(nodes[index].right, ta, tb, &out)
        }
        if tb <= midway { return locate(node.left, ta, tb, &out) }
        if ta >= midway { return locate(node.right, ta, tb, &out) }
        locate(node.left, ta, midway, &out)
        locate(node.right, midway, tb, &out)
    }

    /// Halves the node, then the half holding `target`, until `target` is a midpoint.
    private func split(_ index: Int, at target: Double) {
        guard nodes[index].midway == nil, nodes[index].end - nodes[index].start > 1.5e-6 else { return }
        let midway = splitExact(index, at: 0.5 * (nodes[index].end + nodes[index].start))
        if target > midway { split(nodes[index].right, at: target) } else if target < midway { split(nodes[index].left, at: target) }
    }

    private func splitExact(_ index: Int, at point: Double) -> Double {
        let midway = Self.round(point)
        var node = nodes[index]
        node.midway = midway
        if let parent = node.parent {
            node.spawnKey = 2 &* nodes[parent].spawnKey &+ (node.isLeft ? 0 : 1)
            node.depth = nodes[parent].depth + 1
        }
        node.splitSeed = SeedSequence(entropy: entropy, spawnKey: [node.spawnKey, node.depth], poolSize: 24).generateState(4)[0]
        node.left = nodes.count
        node.right = nodes.count + 1
        nodes[index] = node
        nodes.append(Node(start: node.start, end: midway, parent: index, isLeft: true))
        nodes.append(Node(start: midway, end: node.end, parent: index, isLeft: false))
        return midway
    }

    /// A node's increment: its parent's split by a Brownian bridge at the parent's midpoint.
    private func increment(of index: Int) -> Sample {
        if let known = increments[index] { return known }
        let node = nodes[index]
        guard let parentIndex = node.parent, let midway = nodes[parentIndex].midway else { return like.scaled(by: 0) }
        let parent = nodes[parentIndex]
        let whole = increment(of: parentIndex)
        let reciprocal = 1 / (parent.end - parent.start)
        let leftSpan = midway - parent.start, rightSpan = parent.end - midway
        let mean = whole.scaled(by: leftSpan).scaled(by: reciprocal)
        let variance = leftSpan * rightSpan * reciprocal
        let left = mean + whole.normal(seed: UInt64(parent.splitSeed)).scaled(by: variance.squareRoot())
        let value = node.isLeft ? left : whole - left
        increments[index] = value
        return value
    }
}
