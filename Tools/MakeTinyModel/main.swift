import Engine
import Foundation

// dgenerate-make-tiny-model FOLDER [SEED] [--inpaint] [--force]: writes a tiny Stable Diffusion
// 1.x model (random weights from the seed, diffusers layout, safetensors) into FOLDER.
let usage = """
    usage: dgenerate-make-tiny-model FOLDER [SEED] [--inpaint] [--force]

    Writes a tiny Stable Diffusion 1.x model (random weights from SEED, default 0; diffusers
    layout, safetensors) into FOLDER. --inpaint writes an inpainting model (a UNet of 9 input
    channels). An existing FOLDER that is not empty is left alone unless --force is given.

    """
var words = Array(CommandLine.arguments.dropFirst())
if words.contains("-h") || words.contains("--help") {
    print(usage, terminator: "")
    exit(0)
}
let force = words.contains("--force")
let inpaint = words.contains("--inpaint")
words.removeAll { $0 == "--force" || $0 == "--inpaint" }
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
    try TinyModel.write(to: folder, seed: seed, inpainting: inpaint)
    print("wrote a tiny Stable Diffusion 1.x \(inpaint ? "inpainting " : "")model to \(folder)")
} catch {
    FileHandle.standardError.write(Data("dgenerate-make-tiny-model: \(error)\n".utf8))
    exit(1)
}
