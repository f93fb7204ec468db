// swift-tools-version:6.0
import Foundation
import PackageDescription

/// libtorch from Debian's `libtorch-dev` by default; `LIBTORCH=/path/to/libtorch` selects another
/// distribution (its `include/` and `lib/`).
let libtorchRoot = Context.environment["LIBTORCH"]
let torchIncludes: [String] = libtorchRoot.map {
    ["-I\($0)/include", "-I\($0)/include/torch/csrc/api/include"]
} ?? ["-I/usr/include/torch/csrc/api/include"]
let torchLinkFlags: [String] = libtorchRoot.map { ["-L\($0)/lib", "-Xlinker", "-rpath", "-Xlinker", "\($0)/lib"] } ?? []
/// A libtorch fetched from PyPI's wheel (`scripts/fetch-libtorch`) keeps libtorch_cpu and libc10
/// only: libtorch.so there would load the CUDA backends.
let torchLibraries: [String] = libtorchRoot.map { FileManager.default.fileExists(atPath: "\($0)/lib/libtorch.so") } == false
    ? ["torch_cpu", "c10"] : ["torch", "torch_cpu", "c10"]

let package = Package(
    name: "dgenerate",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dgenerate", targets: ["dgenerate"]),
        // libtorch behind the C shim, as a library of its own: the engine loads it when it first
        // needs torch, so that running scripts and the language tools start without loading
        // libtorch (about 0.9 s).
        .library(name: "DgenerateTorch", type: .dynamic, targets: ["CTorch"]),
        // libavformat/libavcodec the same way: with their dependencies they are about 130
        // shared libraries, which would otherwise be mapped at every start.
        .library(name: "DgenerateMedia", type: .dynamic, targets: ["CAV"]),
        .library(name: "Templating", targets: ["Templating"]),
        .library(name: "PythonExpressions", targets: ["PythonExpressions"]),
        .library(name: "ConfigLanguage", targets: ["ConfigLanguage"]),
        .library(name: "ConfigRuntime", targets: ["ConfigRuntime"]),
        .library(name: "ScriptAnalysis", targets: ["ScriptAnalysis"]),
        .library(name: "LanguageServer", targets: ["LanguageServer"]),
        .library(name: "Engine", targets: ["Engine"]),
    ],
    dependencies: [
        // Python-style unbounded integers for templates and \setp.
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
    ],
    targets: [
        // C and C++ shims: one header each, plain C types only.
        .target(
            name: "CTorch",
            dependencies: ["CTorchAPI"],
            cxxSettings: [.unsafeFlags(["-std=c++17"] + torchIncludes)],
            linkerSettings: torchLibraries.map { .linkedLibrary($0) } + [.unsafeFlags(torchLinkFlags)]
        ),
        // The table of torch operations, as a header only: the engine compiles against it
        // without linking libtorch.
        .target(name: "CTorchAPI"),
        .target(name: "CEditLine", linkerSettings: [.linkedLibrary("edit")]),
        .target(name: "CPNG", linkerSettings: [.linkedLibrary("png16")]),
        // The table of media operations, as a header only (like CTorchAPI).
        .target(name: "CMediaAPI"),
        .target(name: "CAV", dependencies: ["CMediaAPI"], linkerSettings: [
            .linkedLibrary("avformat"), .linkedLibrary("avcodec"), .linkedLibrary("avutil"), .linkedLibrary("swscale"), .linkedLibrary("webpdemux"), .linkedLibrary("jpeg"),
        ]),
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        .target(name: "CSQLite", linkerSettings: [.linkedLibrary("sqlite3")]),

        // Jinja2 3.1 templates and the Python value model they compute with. Knows nothing of
        // scripts.
        .target(
            name: "Templating",
            dependencies: [.product(name: "BigInt", package: "BigInt")],
            // The template runtime keeps its state in classes; Swift's dynamic exclusivity
            // checks on those properties cost several percent of render time and guard nothing
            // here (one runtime is used by one thread at a time).
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        // The Python expression subset of `\setp` (asteval's rules), on the template values.
        .target(
            name: "PythonExpressions",
            dependencies: ["Templating", .product(name: "BigInt", package: "BigInt")],
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        // The language: source, script tree, diagnostics, catalogue, command-line schema, render
        // plan. No LSP, no torch, no running.
        .target(
            name: "ConfigLanguage",
            dependencies: ["Templating", "PythonExpressions", .product(name: "BigInt", package: "BigInt")],
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        // What is at an offset of a script: node, completion, hover, definitions, symbols,
        // tokens, folding, static diagnostics. Runs nothing; no protocol types.
        .target(name: "ScriptAnalysis", dependencies: ["ConfigLanguage", "PythonExpressions", "Templating"]),
        // Running scripts: directives, shell words, `\exec`, files, downloads, on the language.
        .target(
            name: "ConfigRuntime",
            dependencies: ["ConfigLanguage", "Templating", "PythonExpressions", .product(name: "BigInt", package: "BigInt")],
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        .target(name: "Engine", dependencies: ["ConfigRuntime", "ConfigLanguage", "Templating", "PythonExpressions", "CPNG", "CCurl", "CSQLite", "CTorchAPI", "CMediaAPI"],
                // CLIP's BPE vocabulary and merges (OpenAI, MIT licence), for single-file checkpoints
                resources: [.copy("Resources/clip-tokenizer")]),
        .target(name: "LanguageServer", dependencies: ["ConfigLanguage", "ScriptAnalysis", "Templating"]),
        .target(name: "REPL", dependencies: ["ConfigLanguage", "ScriptAnalysis", "Templating", "CEditLine"]),
        .executableTarget(
            name: "dgenerate",
            dependencies: ["ConfigLanguage", "ConfigRuntime", "ScriptAnalysis", "Engine", "LanguageServer", "REPL", "Templating"]
        ),
        .executableTarget(
            name: "dgenerate-bench",
            dependencies: ["ConfigLanguage", "Templating", "Engine", "LanguageServer"],
            path: "Benchmarks/ParseBenchmark"
        ),

        // Random differential testing against Jinja2, asteval and dgenerate's shell words.
        .executableTarget(
            name: "dgenerate-difftest",
            dependencies: ["ConfigLanguage", "ConfigRuntime", "Templating", .product(name: "BigInt", package: "BigInt")],
            path: "Tools/Differential",
            exclude: ["oracle.py"]
        ),

        .executableTarget(
            name: "dgenerate-make-tiny-model",
            dependencies: ["Engine"],
            path: "Tools/MakeTinyModel"
        ),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ConfigLanguageTests", dependencies: ["ConfigLanguage", "ConfigRuntime", "Templating", "PythonExpressions", "TestSupport", .product(name: "BigInt", package: "BigInt")], resources: [.copy("Fixtures")]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "ConfigRuntime", "ConfigLanguage", "Templating"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LanguageServerTests", dependencies: ["LanguageServer", "TestSupport"]),
        .testTarget(name: "REPLTests", dependencies: ["REPL"]),
        .testTarget(name: "ScriptAnalysisTests", dependencies: ["ScriptAnalysis", "ConfigLanguage", "Templating", "TestSupport"]),
        // The package's own shape: which target may import which (from ARCHITECTURE.md).
        .testTarget(name: "ArchitectureTests"),
    ],
    cxxLanguageStandard: .cxx17
)
