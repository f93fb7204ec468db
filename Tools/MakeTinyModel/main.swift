import Engine
import Foundation

// dgenerate-make-tiny-model FOLDER [SEED] [--kind KIND] [--inpaint] [--force] [--single-file FILE]:
// writes a tiny diffusion model (random weights from the seed, diffusers layout, safetensors)
// into FOLDER, and with --single-file the same weights as one checkpoint in the LDM layout.
let kinds = TinyModel.Kind.allCases.map(\.rawValue).joined(separator: ", ")
let usage = """
    usage: dgenerate-make-tiny-model FOLDER [SEED] [--kind KIND] [--inpaint] [--force] [--single-file FILE]

    Writes a tiny model (random weights from SEED, default 0; diffusers layout, safetensors)
    into FOLDER. KIND is one of \(kinds) (default sd1: Stable Diffusion 1.x); --inpaint is
    --kind sd1-inpaint (a UNet of 9 input channels). An existing FOLDER that is not empty is
    left alone unless --force is given. --single-file FILE also writes the model as one
    safetensors checkpoint in the original (LDM) layout (kinds sd1-checkpoint, sd2-checkpoint,
    sdxl-checkpoint are sized so that such a file loads without a config).

    """
var words = Array(CommandLine.arguments.dropFirst())
if words.contains("-h") || words.contains("--help") {
    print(usage, terminator: "")
    exit(0)
}
let force = words.contains("--force")
var kind: TinyModel.Kind = words.contains("--inpaint") ? .sd1Inpainting : .sd1
words.removeAll { $0 == "--force" || $0 == "--inpaint" }
if let position = words.firstIndex(of: "--kind") {
    guard position + 1 < words.count, let named = TinyModel.Kind(rawValue: words[position + 1]) else {
        FileHandle.standardError.write(Data("dgenerate-make-tiny-model: --kind takes one of \(kinds)\n".utf8))
        exit(2)
    }
    kind = named
    words.removeSubrange(position...(position + 1))
}
var singleFile: String? = nil
if let position = words.firstIndex(of: "--single-file") {
    guard position + 1 < words.count else {
        FileHandle.standardError.write(Data("dgenerate-make-tiny-model: --single-file takes a file name\n".utf8))
        exit(2)
    }
    singleFile = words[position + 1]
    words.removeSubrange(position...(position + 1))
}
if let option = words.first(where: { $0.hasPrefix("-") && UInt64($0) == nil }) {
    FileHandle.standardError.write(Data("dgenerate-make-tiny-model: unknown option \(option)\n\(usage)".utf8))
    exit(2)
}
let arguments = words[...]
guard let folder = arguments.first, arguments.count <= 2 else {
    FileHandle.standardError.write(Data(usage.utf8))
    exit(2)
}
if !force, let contents = try? FileManager.default.contentsOfDirectory(atPath: folder), !contents.isEmpty {
    FileHandle.standardError.write(Data("dgenerate-make-tiny-model: \(folder) exists and is not empty; give --force to write over it\n".utf8))
    exit(1)
}
let seed: UInt64
if arguments.count == 2 {
    guard let value = UInt64(arguments[arguments.startIndex + 1]) else {
        FileHandle.standardError.write(Data("dgenerate-make-tiny-model: the seed must be a non-negative integer\n".utf8))
        exit(2)
    }
    seed = value
} else {
    seed = 0
}
do {
    try TinyModel.write(kind, to: folder, seed: seed)
    print("wrote a tiny \(kind.rawValue) model to \(folder)")
    if let singleFile {
        try TinyModel.writeSingleFile(folder: folder, to: singleFile)
        print("wrote it as a single-file checkpoint to \(singleFile)")
    }
} catch {
    FileHandle.standardError.write(Data("dgenerate-make-tiny-model: \(error)\n".utf8))
    exit(1)
}
