import Foundation

/// What a fill run is allowed to do.
public struct FillOptions: Sendable {
  public var model: String
  /// Attempts per stub (`--max-retries`).
  public var maxAttempts: Int
  public var maxTokens: Int?
  /// `fill.testCommand`, nil for the language's default.
  public var testCommand: String?
  public var runner: TestRunner
  /// Retrieved context for a stub's prompt (from the index when there is one).
  public var context: (@Sendable (Stub) -> String?)?

  public init(
    model: String, maxAttempts: Int = 4, maxTokens: Int? = nil, testCommand: String? = nil,
    runner: TestRunner = TestRunner(), context: (@Sendable (Stub) -> String?)? = nil
  ) {
    self.model = model
    self.maxAttempts = maxAttempts
    self.maxTokens = maxTokens
    self.testCommand = testCommand
    self.runner = runner
    self.context = context
  }
}

/// The retry loop for one stub in one checkout: ask, write, test, feed the failure back.
public struct StubFiller: Sendable {
  public var provider: any ChatProvider
  public var options: FillOptions
  public var log: FillAttemptLog?
  /// Prices a response (tokens → USD); nil means unpriced.
  public var price: @Sendable (ChatResponse) -> Double?

  public init(
    provider: any ChatProvider, options: FillOptions, log: FillAttemptLog? = nil,
    price: @escaping @Sendable (ChatResponse) -> Double? = { _ in nil }
  ) {
    self.provider = provider
    self.options = options
    self.log = log
    self.price = price
  }

  /// Fills the stub in the checkout at `root`. When every attempt fails, the stub is restored
  /// byte for byte; the test file is never left changed.
  public func fill(_ stub: Stub, root: String, extraRoots: [String] = []) async -> StubResult {
    let started = ContinuousClock.now
    let stubPath = root + "/" + stub.path
    let testPath = root + "/" + stub.testPath
    let command = TestCommand.resolve(template: options.testCommand, stub: stub)
    let trimmer = FailureTrimmer(roots: [root] + extraRoots)
    var attempts: [FillAttempt] = []
    func finish(_ passed: Bool, _ reason: String?) -> StubResult {
      StubResult(
        stub: stub, passed: passed, attempts: attempts, reason: reason,
        seconds: (ContinuousClock.now - started).seconds)
    }
    guard let original = FileManager.default.contents(atPath: stubPath) else {
      return finish(false, "cannot read \(stub.path)")
    }
    guard let testOriginal = FileManager.default.contents(atPath: testPath) else {
      return finish(false, "cannot read the test file \(stub.testPath)")
    }
    var prompt = FillPrompt.initial(
      stub: stub, stubText: String(decoding: original, as: UTF8.self),
      testText: String(decoding: testOriginal, as: UTF8.self), testCommand: command,
      context: options.context?(stub))
    var messages: [ChatMessage] = [.system(FillPrompt.system)]
    var reason = "no attempts allowed"
    for number in 1...max(1, options.maxAttempts) {
      let attemptStart = ContinuousClock.now
      messages.append(.user(prompt))
      var attempt = FillAttempt(
        number: number, prompt: prompt, answer: "", outcome: .providerError, exitCode: nil,
        output: "", promptTokens: nil, completionTokens: nil, costUSD: nil, seconds: 0)
      let response: ChatResponse
      do {
        response = try await provider.complete(
          ChatRequest(model: options.model, messages: messages, maxTokens: options.maxTokens))
      } catch {
        attempt.output = "\(error)"
        attempt.seconds = (ContinuousClock.now - attemptStart).seconds
        await record(attempt, stub, &attempts)
        reason = "provider: \(error)"
        break
      }
      messages.append(.assistant(response.content))
      attempt.answer = response.content
      attempt.promptTokens = response.usage?.promptTokens
      attempt.completionTokens = response.usage?.completionTokens
      attempt.costUSD = price(response)
      let answer = FillAnswer.parse(response.content, stubPath: stub.path, testPath: stub.testPath)
      if answer.editsTest {
        attempt.outcome = .editedTest
        prompt = FillPrompt.editedTest(stub: stub)
        reason = "the answer tried to edit the test file"
      } else if let code = answer.code {
        do {
          try AtomicFile.write(Data(code.utf8), to: stubPath)
        } catch {
          reason = "cannot write \(stub.path): \(error)"
          attempt.output = reason
          await record(attempt, stub, &attempts)
          break
        }
        let run = await options.runner.run(command, in: root)
        attempt.exitCode = run.exitCode
        attempt.output = trimmer.trim(run.output)
        if FileManager.default.contents(atPath: testPath) != testOriginal {
          try? AtomicFile.write(testOriginal, to: testPath)
          attempt.outcome = .editedTest
          prompt = FillPrompt.editedTest(stub: stub)
          reason = "the test file changed during the run"
        } else if run.passed {
          attempt.outcome = .passed
        } else {
          attempt.outcome = run.timedOut ? .timedOut : .testsFailed
          prompt = FillPrompt.testsFailed(stub: stub, run: run, trimmedOutput: attempt.output)
          reason = "tests still failing (\(run.summary))"
        }
      } else {
        attempt.outcome = .noCode
        prompt = FillPrompt.noCode(stub: stub)
        reason = "the answer held no code"
      }
      attempt.seconds = (ContinuousClock.now - attemptStart).seconds
      await record(attempt, stub, &attempts)
      if attempt.outcome == .passed { return finish(true, nil) }
    }
    try? AtomicFile.write(original, to: stubPath)
    if FileManager.default.contents(atPath: testPath) != testOriginal {
      try? AtomicFile.write(testOriginal, to: testPath)
    }
    return finish(false, reason)
  }

  private func record(_ attempt: FillAttempt, _ stub: Stub, _ attempts: inout [FillAttempt]) async {
    attempts.append(attempt)
    // The log is a record, not a gate: a full disk must not fail a stub whose tests pass.
    try? await log?.record(attempt, stub: stub)
  }
}

extension Duration {
  var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
