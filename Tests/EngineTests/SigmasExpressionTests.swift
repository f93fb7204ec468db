import Engine
import Foundation
import Testing

/// `--sigmas expr:` against dgenerate 5.0.0's evaluator (asteval with numpy 2), recorded in the
/// reference's venv with:
///
///     it = dgenerate.eval.standard_interpreter(symtable=dgenerate.eval.safe_builtins())
///     it.symtable['np'] = numpy
///     it.symtable['sigmas'] = numpy.array([14.6146, 6.0, 2.5, 0.9, 0.3, 0.0], dtype=numpy.float32)
///     [float(x) for x in it.eval(EXPRESSION, show_errors=False, raise_errors=True)]
@Suite struct SigmasExpressionTests {
    static let sigmas = [14.6146, 6.0, 2.5, 0.9, 0.3, 0.0]

    struct Case: Sendable, CustomTestStringConvertible {
        var expression: String
        var expected: [Double]
        var testDescription: String { expression }
    }

    static let cases: [Case] = [
        Case(expression: "sigmas * 0.9", expected: [13.1531400680542, 5.399999618530273, 2.25, 0.809999942779541, 0.27000001072883606, 0.0]),
        Case(expression: "sigmas / 3 + 1", expected: [5.871533393859863, 3.0, 1.8333332538604736, 1.2999999523162842, 1.100000023841858, 1.0]),
        Case(expression: "2 ** sigmas[:3]", expected: [25086.09375, 64.0, 5.656854152679443]),
        Case(expression: "sigmas[::-1]", expected: [0.0, 0.30000001192092896, 0.8999999761581421, 2.5, 6.0, 14.61460018157959]),
        Case(expression: "np.linspace(10, 0, 4)", expected: [10.0, 6.666666666666666, 3.333333333333333, 0.0]),
        Case(expression: "np.clip(sigmas, 1, 5)", expected: [5.0, 5.0, 2.5, 1.0, 1.0, 1.0]),
        Case(expression: "np.append(sigmas[:-1] * 2, 0)", expected: [29.22920036315918, 12.0, 5.0, 1.7999999523162842, 0.6000000238418579, 0.0]),
        Case(expression: "list(sigmas[1:3])", expected: [6.0, 2.5]),
        Case(expression: "np.maximum(sigmas, 1.5)", expected: [14.61460018157959, 6.0, 2.5, 1.5, 1.5, 1.5]),
        Case(expression: "np.sqrt(sigmas) - sigmas // 2",
             expected: [-3.177095413208008, -0.5505101680755615, 0.5811388492584229, 0.9486832618713379, 0.547722578048706, 0.0]),
        Case(expression: "np.arange(4) / 2", expected: [0.0, 0.5, 1.0, 1.5]),
        Case(expression: "[s * 2 for s in sigmas]", expected: [29.22920036315918, 12.0, 5.0, 1.7999999523162842, 0.6000000238418579, 0.0]),
        Case(expression: "np.exp(-np.arange(3))", expected: [1.0, 0.36787944117144233, 0.1353352832366127]),
        Case(expression: "sigmas % 4", expected: [2.61460018157959, 2.0, 2.5, 0.8999999761581421, 0.30000001192092896, 0.0]),
        Case(expression: "np.power(sigmas, 2)[:2]", expected: [213.58653259277344, 36.0]),
        Case(expression: "np.array([3, 2, 1, 0]) * 1.5", expected: [4.5, 3.0, 1.5, 0.0]),
        Case(expression: "sigmas + np.array([1, 2, 3, 4, 5, 6])",
             expected: [15.61460018157959, 8.0, 5.5, 4.899999976158142, 5.300000011920929, 6.0]),
    ]

    @Test(arguments: cases)
    func valuesAreNumpys(_ test: Case) throws {
        let values = try SigmasExpression.evaluate(test.expression, sigmas: Self.sigmas)
        #expect(values.count == test.expected.count)
        for (value, expected) in zip(values, test.expected) {
            #expect(abs(value - expected) <= 1e-6 * max(1, abs(expected)), "\(test.expression): \(values)")
        }
    }

    @Test(arguments: [
        ("sigmas[99]", "Error interpreting sigmas expression \"sigmas[99]\":\nIndexError: index 99 is out of bounds for axis 0 with size 6"),
        ("sigmas +", "Error interpreting sigmas expression \"sigmas +\":\nSyntaxError"),
        ("sigmas + np.array([1, 2])", "operands could not be broadcast together with shapes (6,) (2,)"),
        ("sigmas[0]", "Sigmas expression for the primary model did not evaluate to an array, got: 14.614600181579590"),
        ("np.arange(1e9)", "Maximum allowed size exceeded"),
        ("np.arange(10) ** 100", ""),
    ])
    func badExpressionsGiveErrorsNotCrashes(_ expression: String, _ message: String) {
        do {
            let values = try SigmasExpression.evaluate(expression, sigmas: Self.sigmas)
            // a huge integer power overflows to floats, as a value, not a crash
            #expect(message.isEmpty, "\(expression) gave \(values)")
        } catch {
            #expect(!message.isEmpty && error.message.contains(message.prefix(40)), "\(expression): \(error.message)")
        }
    }
}
