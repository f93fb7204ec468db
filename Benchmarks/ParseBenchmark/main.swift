import ConfigLanguage
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Benchmarks of the language core, run in a release build:
///
///     dgenerate-bench [parse] [LINES]   parse a generated 100,000-line script (target: < 200 ms)
///     dgenerate-bench template          render a loop-heavy template (100,000 iterations) here and
///                                       with Python's Jinja2 (python3 -m pip install jinja2) in the
///                                       same run, and print both times and their ratio
///                                       (target: at most 0.5)
///     dgenerate-bench script            run a 4,000-line directive- and template-heavy script
///                                       through this build's dgenerate and (with
///                                       DGENERATE_REFERENCE=command) through the reference;
///                                       prints both times and the ratio (target: 100x)
///     dgenerate-bench lsp               the language server on a 10,000-line script: didChange to
///                                       diagnostics, hover and completion (targets: p99 under 30,
///                                       2 and 2 ms), startup to initialize (target: 20 ms)
///     dgenerate-bench repl              dgenerate --repl from start to the end of a one-entry
///                                       session (target: start under 50 ms)
///     dgenerate-bench unet              one denoising step of a full-size SD 1.5 UNet (random
///                                       weights) here and in diffusers; both times and the
///                                       ratio (target: at most 0.9 on the same libtorch)
///     dgenerate-bench animation         a 16-frame 64x64 GIF through img2img to an MP4 on the
///                                       tiny model, here and (DGENERATE_REFERENCE=command) in the
///                                       reference; the share of media work (target: under 10%)
var arguments = Array(CommandLine.arguments.dropFirst())
let subcommands: [String: () -> Void] = [
    "template": runTemplateBenchmark, "unet": runUNetBenchmark, "lsp": runLanguageServerBenchmark,
    "repl": runREPLBenchmark, "script": runScriptBenchmark, "animation": runAnimationBenchmark,
]
if let name = arguments.first, let run = subcommands[name] {
    run()
    exit(0)
}
if arguments.first == "parse" { arguments.removeFirst() }
let lineCount = arguments.first.flatMap { Int($0) } ?? 100_000

/// A script in the shape real ones have: directives, invocations with continuations and tail
/// comments, and template blocks.
func makeScript(lines: Int) -> String {
    var text = "#! dgenerate 5.0.0\n"
    var index = 0
    while index < lines {
        switch index % 10 {
        case 0: text += "\\set prompt_\(index) \"a photo of a cat, number \(index)\" # tail comment\n"
        case 1: text += "stabilityai/stable-diffusion-2-1 --prompts \"{{ prompt_\(index - 1) }}\" \\\n"
        case 2: text += "    --inference-steps 30 --guidance-scales 7.5 \\\n"
        case 3: text += "    --output-size 512x512\n"
        case 4: text += "{% for i in range(3) %}\n"
        case 5: text += "    \\print iteration {{ i }} # printed\n"
        case 6: text += "{% endfor %}\n"
        case 7: text += "\\echo 'quoted # not a comment' \\# escaped\n"
        case 8: text += "\n"
        default: text += "# a comment line\n"
        }
        index += 1
    }
    return text
}

let source = SourceText(name: "bench.dgen", text: makeScript(lines: lineCount))

func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

var best = Double.infinity
var statements = 0
for _ in 0..<5 {
    let start = now()
    let syntax = ScriptParser.parse(source)
    best = min(best, now() - start)
    statements = syntax.statements.count
}
print("parse \(lineCount) lines (\(source.bytes.count) bytes, \(statements) statements): best of 5 \((best * 10000).rounded() / 10) ms (target < 200 ms)")
