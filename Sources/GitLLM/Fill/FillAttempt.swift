import Foundation

/// One model answer and the test run that judged it.
public struct FillAttempt: Sendable, Equatable, Codable {
  public enum Outcome: String, Sendable, Codable {
    case passed
    case testsFailed = "tests-failed"
    case timedOut = "timed-out"
    case noCode = "no-code"
    case editedTest = "edited-test"
    case providerError = "provider-error"
  }

  public var number: Int
  /// The user message sent for this attempt (the full prompt first, then the feedback).
  public var prompt: String
  public var answer: String
  public var outcome: Outcome
  public var exitCode: Int32?
  /// The trimmed test output (or the provider's error).
  public var output: String
  public var promptTokens: Int?
  public var completionTokens: Int?
  /// Nil when the model is not in the price table (unpriced, never $0).
  public var costUSD: Double?
  public var seconds: Double
}

/// How one stub ended.
public struct StubResult: Sendable, Equatable, Codable {
  public var stub: Stub
  public var passed: Bool
  public var attempts: [FillAttempt]
  /// Why it failed, in a phrase.
  public var reason: String?
  public var seconds: Double

  public var tokens: Int {
    attempts.reduce(0) { $0 + ($1.promptTokens ?? 0) + ($1.completionTokens ?? 0) }
  }

  /// The summed cost, nil when any priced attempt is unpriced.
  public var costUSD: Double? {
    let answered = attempts.filter { $0.outcome != .providerError }
    guard !answered.isEmpty, answered.allSatisfy({ $0.costUSD != nil }) else { return nil }
    return answered.reduce(0) { $0 + ($1.costUSD ?? 0) }
  }
}

/// Every attempt of every run in `<commonDirectory>/llm/fill.sqlite`.
public actor FillAttemptLog {
  let database: Database

  static let migrations = [
    Migration(
      version: 1,
      sql: """
        CREATE TABLE runs(id TEXT PRIMARY KEY, started_at TEXT NOT NULL, head TEXT, command TEXT);
        CREATE TABLE attempts(
          id INTEGER PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs(id), stub TEXT NOT NULL,
          test TEXT NOT NULL, number INTEGER NOT NULL, prompt TEXT NOT NULL, answer TEXT NOT NULL,
          outcome TEXT NOT NULL, exit_code INTEGER, output TEXT NOT NULL, prompt_tokens INTEGER,
          completion_tokens INTEGER, cost_usd REAL, seconds REAL NOT NULL, recorded_at TEXT NOT NULL);
        CREATE INDEX attempts_by_stub ON attempts(stub, run_id);
        """)
  ]

  public let runID: String

  /// Opens (creating) the log and starts a run.
  /// - Throws: `SQLiteError`.
  public init(path: String, head: String?, command: String) throws {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    database = try Database(path: path)
    try database.migrate(Self.migrations)
    runID = UUID().uuidString.lowercased()
    try database.run(
      "INSERT INTO runs(id, started_at, head, command) VALUES (?, ?, ?, ?)",
      [.text(runID), .text(Date().ISO8601Format()), head.map(SQLValue.text) ?? .null, .text(command)])
  }

  public func record(_ attempt: FillAttempt, stub: Stub) throws {
    try database.run(
      """
      INSERT INTO attempts(run_id, stub, test, number, prompt, answer, outcome, exit_code, output,
        prompt_tokens, completion_tokens, cost_usd, seconds, recorded_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        .text(runID), .text(stub.path), .text(stub.testPath), .integer(Int64(attempt.number)),
        .text(attempt.prompt), .text(attempt.answer), .text(attempt.outcome.rawValue),
        attempt.exitCode.map { .integer(Int64($0)) } ?? .null, .text(attempt.output),
        attempt.promptTokens.map { .integer(Int64($0)) } ?? .null,
        attempt.completionTokens.map { .integer(Int64($0)) } ?? .null,
        attempt.costUSD.map(SQLValue.real) ?? .null, .real(attempt.seconds),
        .text(Date().ISO8601Format()),
      ])
  }
}
