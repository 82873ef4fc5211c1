import Foundation

/// The messages the fill loop sends: the first request and the feedback after a failure.
public enum FillPrompt {
  public static let system = """
    You complete source files so that their tests pass. The tests are correct and must not \
    change: never edit, rewrite or answer with the test file. Keep the file's names, signatures \
    and public interface. Answer with the complete new content of the file in one fenced code \
    block, and nothing else of substance.
    """

  /// The first request for a stub.
  public static func initial(stub: Stub, stubText: String, testText: String, testCommand: String, context: String?) -> String {
    var text = """
      Objective: \(stub.objective)
      Language: \(stub.language.rawValue)
      File to complete: \(stub.path)
      Test file (correct, must not change): \(stub.testPath)
      Test command, run from the repository root: \(testCommand)

      Current content of \(stub.path):
      \(fence(stubText, stub.language))

      Content of \(stub.testPath):
      \(fence(testText, StubLanguage(path: stub.testPath)))
      """
    if let context, !context.isEmpty {
      text += "\n\nRelated code from the repository:\n\(context)"
    }
    text += "\n\nAnswer with the complete content of \(stub.path) in one fenced code block."
    return text
  }

  /// The feedback after a test run that failed.
  public static func testsFailed(stub: Stub, run: TestRun, trimmedOutput: String) -> String {
    """
    The tests failed (\(run.summary)). Output:
    \(fence(trimmedOutput, .other))
    Fix \(stub.path) so that the tests pass. The tests are correct and must not change. Answer \
    with the complete content of \(stub.path) in one fenced code block.
    """
  }

  /// The feedback after an answer that tried to change the test file.
  public static func editedTest(stub: Stub) -> String {
    """
    Your answer changed the test file \(stub.testPath). The tests are correct and must not \
    change; that attempt was discarded. Answer with the complete content of \(stub.path) only, \
    in one fenced code block.
    """
  }

  /// The feedback after an answer with no code.
  public static func noCode(stub: Stub) -> String {
    "Your answer held no code. Answer with the complete content of \(stub.path) in one fenced code block."
  }

  static func fence(_ text: String, _ language: StubLanguage) -> String {
    let tag = language == .other ? "" : language.rawValue
    let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
    let ticks = body.contains("```") ? "~~~~" : "```"
    return "\(ticks)\(tag)\n\(body)\n\(ticks)"
  }
}
