import Foundation

/// Python's `complex` arithmetic, with CPython's algorithms (so results agree to the last bit
/// where CPython's do): products and quotients, integer powers by repeated squaring, other
/// powers through polar form.
enum ComplexArithmetic {
    typealias Complex = (real: Double, imaginary: Double)

    /// The operands as complex numbers when at least one is complex (numbers otherwise: nil).
    static func operands(_ lhs: Value, _ rhs: Value) -> (Complex, Complex)? {
        guard lhs.isComplex || rhs.isComplex, let a = complex(lhs), let b = complex(rhs) else { return nil }
        return (a, b)
    }

    static func complex(_ value: Value) -> Complex? {
        switch value {
        case .int(let n): return (Double(n), 0)
        case .bigInt(let n): return (n.nearestDouble, 0)
        case .bool(let flag): return (flag ? 1 : 0, 0)
        case .float(let x): return (x, 0)
        case .object(let number as ComplexNumber): return (number.real, number.imaginary)
        default: return nil
        }
    }

    static func value(_ c: Complex) -> Value { .object(ComplexNumber(real: c.real, imaginary: c.imaginary)) }

    static func product(_ a: Complex, _ b: Complex) -> Complex {
        (a.real * b.real - a.imaginary * b.imaginary, a.real * b.imaginary + a.imaginary * b.real)
    }

    /// CPython's `_Py_c_quot`: Smith's algorithm, scaled by the larger component.
    static func quotient(_ a: Complex, _ b: Complex) throws(TemplateError) -> Complex {
        let absReal = abs(b.real), absImaginary = abs(b.imaginary)
        if absReal >= absImaginary {
            guard absReal != 0 else { throw TemplateError("ZeroDivisionError", "complex division by zero") }
            let ratio = b.imaginary / b.real, denominator = b.real + b.imaginary * ratio
            return ((a.real + a.imaginary * ratio) / denominator, (a.imaginary - a.real * ratio) / denominator)
        }
        let ratio = b.real / b.imaginary, denominator = b.real * ratio + b.imaginary
        return ((a.real * ratio + a.imaginary) / denominator, (a.imaginary * ratio - a.real) / denominator)
    }

    /// CPython's `complex_pow`.
    static func power(_ a: Complex, _ b: Complex) throws(TemplateError) -> Complex {
        // zero to a negative power fails with the same words on both of CPython's paths
        if a.real == 0 && a.imaginary == 0 && !(b.real == 0 && b.imaginary == 0) && (b.imaginary != 0 || b.real < 0) {
            throw TemplateError("ZeroDivisionError", "0.0 to a negative or complex power")
        }
        if b.imaginary == 0, b.real == b.real.rounded(), abs(b.real) <= 100 {
            let n = Int(b.real)
            func unsigned(_ x: Complex, _ n: Int) -> Complex {
                var result: Complex = (1, 0), p = x, mask = 1
                while mask > 0 && n >= mask {
                    if n & mask != 0 { result = product(result, p) }
                    mask <<= 1
                    p = product(p, p)
                }
                return result
            }
            return n > 0 ? unsigned(a, n) : try quotient((1, 0), unsigned(a, -n))
        }
        if b.real == 0 && b.imaginary == 0 { return (1, 0) }
        if a.real == 0 && a.imaginary == 0 {
            if b.imaginary != 0 || b.real < 0 {
                throw TemplateError("ZeroDivisionError", "0.0 to a negative or complex power")
            }
            return (0, 0)
        }
        let magnitude = hypot(a.real, a.imaginary)
        var length = pow(magnitude, b.real)
        let angle = atan2(a.imaginary, a.real)
        var phase = angle * b.real
        if b.imaginary != 0 {
            length /= exp(angle * b.imaginary)
            phase += b.imaginary * log(magnitude)
        }
        return (length * cos(phase), length * sin(phase))
    }

    /// `a OP b` with at least one complex operand; nil for operators complex does not have.
    static func binary(_ op: TemplateOperator, _ a: Complex, _ b: Complex) throws(TemplateError) -> Value? {
        switch op {
        case .add: return value((a.real + b.real, a.imaginary + b.imaginary))
        case .sub: return value((a.real - b.real, a.imaginary - b.imaginary))
        case .mul: return value(product(a, b))
        case .div: return value(try quotient(a, b))
        case .pow:
            // CPython reports a result with an infinite part as an overflow
            let result = try power(a, b)
            if result.real.isInfinite || result.imaginary.isInfinite { throw TemplateError("OverflowError", "complex exponentiation") }
            return value(result)
        default: return nil
        }
    }
}

extension Value {
    var isComplex: Bool {
        if case .object(let object) = self, object is ComplexNumber { return true }
        return false
    }
}
