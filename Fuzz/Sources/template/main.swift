import BigInt
import ConfigLanguage
import FuzzSupport
import Templating

/// Template compile and render on any text, with a context of every kind of value, in the
/// template environment dgenerate's runtime configures.
let runtime = quietRuntime()
let context: [String: Value] = [
    "n": .int(7), "big": .integer(BigInt(2).power(100) + 1), "f": .float(-0.0), "s": .string("héllo <b>"),
    "l": .list([.int(1), .string("a"), .none]), "t": .tuple([.bool(true), .float(.nan)]),
    "d": .dict(ValueDict([(.string("a"), .int(1)), (.int(2), .list([]))])),
]

runFuzzer { data, size in
    _ = try? runtime.templates.render(text(data, size), context: context)
    return 0
}
