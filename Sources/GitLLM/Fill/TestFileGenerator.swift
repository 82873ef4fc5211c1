import Foundation

/// The test-first form's first step: a test file written from a prompt, for a person to check.
public struct TestFileGenerator: Sendable {
  public var provider: any ChatProvider
  public var model: String
  public var maxTokens: Int?

  public init(provider: any ChatProvider, model: String, maxTokens: Int? = nil) {
    self.provider = provider
    self.model = model
    self.maxTokens = maxTokens
  }

  static let system = """
    You write tests first. Given what a file must do, write a complete, self-contained test file \
    that checks it thoroughly through its public interface, runnable with the language's usual \
    test runner. Answer with the test file in one fenced code block.
    """

  /// Asks for the test file of `outputPath` and writes it to `testPath` (under `root`).
  /// - Returns: the text written.
  /// - Throws: the provider's error, or `FillError.notAStub` when the answer has no code.
  public func generate(prompt: String, outputPath: String, testPath: String, root: String) async throws -> String {
    let language = StubLanguage(path: testPath)
    let module = ((outputPath as NSString).lastPathComponent as NSString).deletingPathExtension
    let request = ChatRequest(
      model: model,
      messages: [
        .system(TestFileGenerator.system),
        .user(
          """
          Objective of \(outputPath): \(prompt)
          Language: \(language.rawValue)
          Write the test file \(testPath). It runs from the repository root; the code under test \
          is \(outputPath) (module `\(module)`).
          """),
      ], maxTokens: maxTokens)
    let response = try await provider.complete(request)
    let blocks = FillAnswer.fencedBlocks(response.content)
    let body = blocks.max { $0.body.count < $1.body.count }?.body ?? response.content
    let text = body.trimmingCharacters(in: .newlines) + "\n"
    guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
      throw FillError.noTestFile(stub: outputPath, tried: ["(the model's answer held no code)"])
    }
    try AtomicFile.write(Data(text.utf8), to: root + "/" + testPath)
    return text
  }

  /// The stub text for an output file that does not exist yet.
  public static func stubText(prompt: String, outputPath: String, testPath: String) -> String {
    let comment = StubLanguage(path: outputPath).commentPrefix
    let single = prompt.replacingOccurrences(of: "\n", with: " ")
    return "\(comment) llm-stub: \(single)\n\(comment) llm-test: \(testPath)\n"
  }
}
