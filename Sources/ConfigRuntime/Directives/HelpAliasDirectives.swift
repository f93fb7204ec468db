import ConfigLanguage

/// `\help` and the directives that stand for a `--*-help` invocation (`\quantizer_help NAMES`
/// is the invocation `--quantizer-help NAMES`): each runs its invocation as a script line of its
/// own, so a failure reads as the reference's nested `Error on line N:`.
extension ScriptRuntime {
    func installHelpAliasDirectives() {
        directives["help"] = Self.helpAlias("--help", takesNames: false)
        directives["quantizer_help"] = Self.helpAlias("--quantizer-help")
        directives["image_processor_help"] = Self.helpAlias("--image-processor-help")
        directives["latents_processor_help"] = Self.helpAlias("--latents-processor-help")
        directives["prompt_weighter_help"] = Self.helpAlias("--prompt-weighter-help")
        directives["prompt_upscaler_help"] = Self.helpAlias("--prompt-upscaler-help")
    }

    static func helpAlias(_ option: String, takesNames: Bool = true) -> Directive {
        { runtime, words in
            let line = ([option] + (takesNames ? words : [])).map(Self.shlexQuote).joined(separator: " ")
            do throws(ScriptError) {
                try runtime.runInvocation(line)
            } catch {
                throw ScriptError("Error on line \(runtime.currentLine):\n    " + error.message)
            }
            return 0
        }
    }

    /// Python's `shlex.quote`.
    static func shlexQuote(_ word: String) -> String {
        if word.isEmpty { return "''" }
        let safe = word.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || scalar.properties.numericType != nil || "_@%+=:,./-".unicodeScalars.contains(scalar)
        }
        return safe ? word : "'" + word.replacingOccurrences(of: "'", with: "'\"'\"'") + "'"
    }
}
