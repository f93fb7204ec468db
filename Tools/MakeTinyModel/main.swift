import Engine
import Foundation

// dgenerate-make-tiny-model FOLDER [SEED]: writes a tiny Stable Diffusion 1.x model (random
// weights from the seed, diffusers layout, safetensors) into FOLDER.
let arguments = CommandLine.arguments.dropFirst()
guard let folder = arguments.first, arguments.count <= 2 else {
    FileHandle.standardError.write(Data("usage: dgenerate-make-tiny-model FOLDER [SEED]\n".utf8))
    exit(2)
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
    try TinyModel.write(to: folder, seed: seed)
    print("wrote a tiny Stable Diffusion 1.x model to \(folder)")
} catch {
    FileHandle.standardError.write(Data("dgenerate-make-tiny-model: \(error)\n".utf8))
    exit(1)
}
