// swift-tools-version:6.0
import PackageDescription

/// Coverage-guided fuzz targets (libFuzzer) for every reader of outside input. Built apart from
/// the main package, since every module must be compiled with `-sanitize=fuzzer`:
///
///     cd Fuzz && swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
///     .build/release/fuzz-template Corpus/template -max_total_time=1800
///
/// README.md beside this file lists the targets and how to run them.
let targets = ["script", "template", "setp", "shell", "cli", "safetensors", "json", "png", "lsp", "media", "imageseed", "modelfiles"]

let package = Package(
    name: "dgenerate-fuzz",
    dependencies: [
        .package(name: "dgenerate", path: ".."),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
    ],
    targets: [
        // the driver call and the helpers every target shares
        .target(name: "FuzzSupport", dependencies: [
            .product(name: "ConfigLanguage", package: "dgenerate"), .product(name: "ConfigRuntime", package: "dgenerate"),
            .product(name: "Templating", package: "dgenerate"),
        ]),
    ] + targets.map { name in
        .executableTarget(
            name: "fuzz-\(name)",
            dependencies: ["FuzzSupport", .product(name: "BigInt", package: "BigInt")] + (
                name == "safetensors" || name == "json" || name == "png" || name == "modelfiles"
                    ? [.product(name: "Engine", package: "dgenerate")]
                    : name == "media" ? [.product(name: "Engine", package: "dgenerate"), .product(name: "DgenerateMedia", package: "dgenerate")]
                    : name == "lsp" ? [.product(name: "LanguageServer", package: "dgenerate")]
                    : name == "script" ? [.product(name: "ConfigLanguage", package: "dgenerate"), .product(name: "ScriptAnalysis", package: "dgenerate")]
                    : [.product(name: "ConfigLanguage", package: "dgenerate"), .product(name: "ConfigRuntime", package: "dgenerate"),
                       .product(name: "Templating", package: "dgenerate")]),
            path: "Sources/\(name)"
        )
    }
)
