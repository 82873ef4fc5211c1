import Foundation
import Testing
@testable import GitLLM

@Suite struct FillLanguageTests {
  @Test func aShellStubWithTheGenericCommand() async throws {
    let repo = try TestRepository("shell")
    try repo.commit("stub", files: [
      "greet.sh": "# llm-stub: Print hello and the first argument\n",
      "test_greet.sh": "out=$(sh greet.sh ada)\n[ \"$out\" = \"hello ada\" ] || { echo \"error: got '$out'\"; exit 1; }\n",
    ])
    let stub = try StubSelection.all.stubs(in: Repository(path: repo.path))
    #expect(stub.map(\.testPath) == ["test_greet.sh"])
    #expect(TestCommand.resolve(template: nil, stub: stub[0]) == "sh test_greet.sh")
    let provider = FillScriptedProvider(["greet.sh": ["```sh\necho hi \"$1\"\n```", "```sh\necho hello \"$1\"\n```"]])
    let result = await StubFiller(provider: provider, options: FillFixture.options(command: nil)).fill(stub[0], root: repo.path)
    #expect(result.attempts.map(\.outcome) == [.testsFailed, .passed])
    #expect(provider.requests(for: "greet.sh")[1].messages.last?.content.contains("error: got 'hi ada'") == true)
  }

  /// `swift test` in a tiny package: slow (a build), so only with GITLLM_SLOW_TESTS=1.
  @Test(.enabled(if: ProcessInfo.processInfo.environment["GITLLM_SLOW_TESTS"] == "1"))
  func aSwiftStubWithSwiftTest() async throws {
    let repo = try TestRepository("swiftpkg")
    try repo.commit("package", files: [
      "Package.swift": """
        // swift-tools-version: 5.9
        import PackageDescription
        let package = Package(name: "Mini", targets: [.target(name: "Mini"), .testTarget(name: "MiniTests", dependencies: ["Mini"])])
        """,
      "Sources/Mini/Add.swift": "// llm-stub: Add two integers\npublic func add(_ a: Int, _ b: Int) -> Int { fatalError() }\n",
      "Tests/MiniTests/AddTests.swift": "import XCTest\nimport Mini\nfinal class AddTests: XCTestCase {\n  func testAdd() { XCTAssertEqual(add(2, 3), 5) }\n}\n",
    ])
    let stub = try StubSelection.all.stubs(in: Repository(path: repo.path))
    #expect(stub.map(\.testPath) == ["Tests/MiniTests/AddTests.swift"])
    let provider = FillScriptedProvider([
      "Sources/Mini/Add.swift": ["```swift\npublic func add(_ a: Int, _ b: Int) -> Int { a - b }\n```", "```swift\npublic func add(_ a: Int, _ b: Int) -> Int { a + b }\n```"]
    ])
    let result = await StubFiller(provider: provider, options: FillFixture.options(command: nil, timeout: .seconds(300)))
      .fill(stub[0], root: repo.path)
    #expect(result.attempts.map(\.outcome) == [.testsFailed, .passed], "\(result.attempts.map(\.output))")
    #expect(provider.requests(for: "Sources/Mini/Add.swift")[1].messages.last?.content.contains("XCTAssertEqual failed") == true)
  }
}
