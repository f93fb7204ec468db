/// numpy's `SeedSequence`: entropy (and a spawn key) hashed into a pool of 32-bit words, from
/// which `generateState` draws seeds. torchsde seeds each node of its Brownian trees with it,
/// so DPM++ SDE's noise follows only from its seed.
public struct SeedSequence: Sendable {
    static let initA: UInt32 = 0x43b0_d7e5, multA: UInt32 = 0x931e_8875
    static let initB: UInt32 = 0x8b51_f9dd, multB: UInt32 = 0x58f3_8ded
    static let mixL: UInt32 = 0xca01_f9dd, mixR: UInt32 = 0x4973_f715
    static let shift: UInt32 = 16

    private(set) var pool: [UInt32]

    /// `SeedSequence(entropy, spawn_key=spawnKey, pool_size=poolSize)`; numbers are
    /// non-negative integers of any size (as 64-bit words here).
    public init(entropy: UInt64, spawnKey: [UInt64] = [], poolSize: Int = 4) {
        var run = Self.words(entropy)
        let spawn = spawnKey.flatMap(Self.words)
        if !spawn.isEmpty && run.count < poolSize { run += Array(repeating: 0, count: poolSize - run.count) }
        pool = Array(repeating: 0, count: max(poolSize, 4))
        mix(run + spawn)
    }

    /// An integer as little-endian 32-bit words (zero as one word).
    static func words(_ value: UInt64) -> [UInt32] {
        guard value > 0 else { return [0] }
        var words: [UInt32] = [], rest = value
        while rest > 0 {
            words.append(UInt32(truncatingIfNeeded: rest))
            rest >>= 32
        }
        return words
    }

    private mutating func mix(_ entropy: [UInt32]) {
        var hashConstant = Self.initA
        func hashmix(_ value: UInt32) -> UInt32 {
            var value = value ^ hashConstant
            hashConstant = hashConstant &* Self.multA
            value = value &* hashConstant
            return value ^ (value >> Self.shift)
        }
        func mix(_ x: UInt32, _ y: UInt32) -> UInt32 {
            let result = (Self.mixL &* x) &- (Self.mixR &* y)
            return result ^ (result >> Self.shift)
        }
        for index in pool.indices { pool[index] = hashmix(index < entropy.count ? entropy[index] : 0) }
        for source in pool.indices {
            for destination in pool.indices where source != destination {
                pool[destination] = mix(pool[destination], hashmix(pool[source]))
            }
        }
        for source in pool.count..<max(pool.count, entropy.count) {
            for destination in pool.indices { pool[destination] = mix(pool[destination], hashmix(entropy[source])) }
        }
    }

    /// `generate_state(count)`: 32-bit words drawn cyclically from the pool.
    public func generateState(_ count: Int) -> [UInt32] {
        var hashConstant = Self.initB
        return (0..<count).map { index in
            var value = pool[index % pool.count] ^ hashConstant
            hashConstant = hashConstant &* Self.multB
            value = value &* hashConstant
            return value ^ (value >> Self.shift)
        }
    }
}
