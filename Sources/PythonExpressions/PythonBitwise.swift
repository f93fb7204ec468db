import BigInt

/// Python's `&`, `|` and `^` on integers of any size: two's complement with infinitely many
/// sign bits. Each case is reduced to the operation on non-negative magnitudes (where `~x` is
/// `-x - 1`), so that no word width decides the result (`2**63 ^ -2**63` is `-2**64`).
enum PythonBitwise {
    static func not(_ x: BigInt) -> BigInt { -x - 1 }

    static func and(_ a: BigInt, _ b: BigInt) -> BigInt {
        switch (a.signum() < 0, b.signum() < 0) {
        case (false, false): return a & b
        case (true, false): return b - (b & not(a))
        case (false, true): return a - (a & not(b))
        case (true, true): return not(not(a) | not(b))
        }
    }

    static func or(_ a: BigInt, _ b: BigInt) -> BigInt {
        switch (a.signum() < 0, b.signum() < 0) {
        case (false, false): return a | b
        case (true, false): return not(not(a) - (not(a) & b))
        case (false, true): return not(not(b) - (not(b) & a))
        case (true, true): return not(not(a) & not(b))
        }
    }

    static func xor(_ a: BigInt, _ b: BigInt) -> BigInt {
        switch (a.signum() < 0, b.signum() < 0) {
        case (false, false): return a ^ b
        case (true, false): return not(not(a) ^ b)
        case (false, true): return not(a ^ not(b))
        case (true, true): return not(a) ^ not(b)
        }
    }
}
