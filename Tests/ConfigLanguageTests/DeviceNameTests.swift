import ConfigLanguage
import Testing

/// Device names as dgenerate reads them, parsed once for the option check, its messages and
/// the engine's choice of device.
struct DeviceNameTests {
    @Test(arguments: [
        ("cpu", "cpu", nil, nil),
        ("cpu:0", "cpu", "0", 0),
        ("cuda", "cuda", nil, nil),
        ("cuda:12", "cuda", "12", 12),
        ("xpu:1", "xpu", "1", 1),
        ("cuda:99999999999999999999999", "cuda", "99999999999999999999999", nil),
    ] as [(String, String, String?, Int?)])
    func namesParse(_ text: String, _ type: String, _ digits: String?, _ ordinal: Int?) throws {
        let device = try #require(OptionRegistries.deviceName(text))
        #expect(device.type == type)
        #expect(device.ordinalDigits.map(String.init) == digits)
        #expect(device.ordinal == ordinal)
    }

    @Test(arguments: ["", "gpu", "cuda:", "cuda:x", "cuda:-1", "CUDA", "cuda:1:2", ":0"])
    func otherTextIsNoDevice(_ text: String) {
        #expect(OptionRegistries.deviceName(text) == nil)
    }
}
