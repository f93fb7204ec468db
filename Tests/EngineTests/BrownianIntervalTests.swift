import Engine
import Foundation
import Testing

/// DPM++ SDE's noise source against numpy 2 and torchsde 0.2.6 (in the reference's venv):
/// numpy's `SeedSequence` words, and increments of torchsde's Brownian tree as diffusers builds
/// it. Recorded with:
///
///     np.random.SeedSequence(entropy=E, spawn_key=K, pool_size=24).generate_state(N)
///     bm = torchsde.BrownianInterval(t0=0.0291675, t1=14.614642, size=(2, 3), dtype=torch.float32,
///          device='cpu', entropy=1, tol=1e-6, pool_size=24, halfway_tree=True)
///     [bm(a, b).flatten().tolist() for a, b in QUERIES]   # in this order
@Suite struct BrownianIntervalTests {
    struct Seeds: Sendable {
        var entropy: UInt64
        var spawnKey: [UInt64]
        var words: [UInt32]
    }

    static let seeds: [Seeds] = [
        Seeds(entropy: 1, spawnKey: [], words: [1562320788, 951463468, 2354141792]),
        Seeds(entropy: 1, spawnKey: [5, 3], words: [679079412, 1759833421, 3562489605, 1099931880]),
        Seeds(entropy: (1 << 40) + 7, spawnKey: [(1 << 33) + 1, 34], words: [1614522446, 2128473930, 2665677077, 3566934801]),
        Seeds(entropy: 0, spawnKey: [0, 0], words: [245430115, 3436620678, 4120055464, 1627243804]),
    ]

    @Test(arguments: seeds)
    func seedSequencesAreNumpys(_ seeds: Seeds) {
        #expect(SeedSequence(entropy: seeds.entropy, spawnKey: seeds.spawnKey, poolSize: 24).generateState(seeds.words.count) == seeds.words)
    }

    static let queries: [(Double, Double, [Float])] = [
        (13.0, 14.614642, [1.726215, -1.794983, 0.9915489, 2.4513462, 0.3348093, -1.5377418]),
        (0.5, 13.0, [-0.0063123, -2.0764151, -3.4842367, -8.3978882, 1.3115765, -0.209377]),
        (0.0291675, 0.5, [-0.5823979, 1.0897725, -0.7896561, -0.0237553, 0.3439649, -0.357086]),
        (7.25, 7.26, [-0.0532734, -0.1985033, -0.1290501, -0.1844311, 0.1077012, 0.0252657]),
        (1.0, 2.0, [0.337913, -0.0786809, 0.0905114, -1.5515517, -0.6126882, 1.165117]),
    ]

    @Test func incrementsAreTorchsdes() throws {
        let like = try Tensor.full(0, shape: [2, 3])
        let motion = BrownianInterval(t0: 0.0291675, t1: 14.614642, entropy: 1, like: like)
        for (a, b, expected) in Self.queries {
            let values = try motion.increment(a, b).floats()
            let worst = zip(values, expected).map { abs($0 - $1) }.max() ?? 1
            #expect(values.count == expected.count && worst < 2e-6, "[\(a), \(b)]: \(values) against \(expected)")
        }
    }

    @Test func pythonsRoundingToSixDecimals() {
        #expect(BrownianInterval<Tensor>.round(0.1234565) == 0.123456 || BrownianInterval<Tensor>.round(0.1234565) == 0.123457)
        #expect(BrownianInterval<Tensor>.round(7.2500004) == 7.25)
        #expect(BrownianInterval<Tensor>.round(14.6146419999) == 14.614642)
    }
}
