import ConfigRuntime
import Testing

/// `\list_object_caches` writes sizes as dgenerate's `bytes_best_human_unit` does; the expected
/// texts were measured on dgenerate 5.0.0 with
/// `python -c "from dgenerate.memory import bytes_best_human_unit as f; print(f(N))"`.
struct ByteSizeTextTests {
    @Test(arguments: [
        (0, "0B"), (1, "1B"), (999, "999B"), (1000, "1000B"), (1001, "1.0KB"), (1500, "1.5KB"), (999_999, "1000.0KB"),
        (1_000_000, "1000.0KB"), (1_000_001, "1.0MB"), (1_234_567, "1.23MB"), (4_785_588, "4.79MB"), (1_000_000_000, "1000.0MB"),
        (1_000_000_001, "1.0GB"), (2_500_000_000, "2.5GB"), (12_345_678_901, "12.35GB"), (1_099_511_627_776, "1099.51GB"),
    ])
    func sizeIsWrittenAsTheReferenceWritesIt(_ bytes: Int, _ text: String) {
        #expect(ScriptRuntime.humanBytes(bytes) == text)
    }
}
