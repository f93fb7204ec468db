import Testing
@testable import ConfigLanguage
@Test func parsesHello() { #expect(ScriptParser.parse(SourceText(name: "x", text: "\\print hi\n")).statements.count == 1) }
