import Foundation

/// Calls, tokens and cost by day and model, and what is waiting to be published.
public struct TrafficStats: Sendable, Equatable, Codable {
  public struct Row: Sendable, Equatable, Codable {
    public var day: String
    public var model: String
    public var calls = 0
    public var errors = 0
    public var promptTokens = 0
    public var completionTokens = 0
    /// Sum over priced responses; nil when none of them was priced.
    public var costUSD: Double?
    /// Responses whose model has no price (their cost is unknown, not zero).
    public var unpriced = 0

    enum CodingKeys: String, CodingKey {
      case day, model, calls, errors, unpriced
      case promptTokens = "prompt_tokens"
      case completionTokens = "completion_tokens"
      case costUSD = "cost_usd"
    }

    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(day, forKey: .day)
      try c.encode(model, forKey: .model)
      try c.encode(calls, forKey: .calls)
      try c.encode(errors, forKey: .errors)
      try c.encode(promptTokens, forKey: .promptTokens)
      try c.encode(completionTokens, forKey: .completionTokens)
      try c.encode(costUSD, forKey: .costUSD)
      try c.encode(unpriced, forKey: .unpriced)
    }
  }

  public var rows: [Row]
  public var pending: Int
  public var records: Int

  /// Reads every log file in the folder.
  public static func compute(directory: TrafficDirectory) -> TrafficStats {
    var rows: [String: Row] = [:]
    var records = 0
    for name in directory.files() {
      for record in TrafficReader.records(path: "\(directory.path)/\(name)") {
        records += 1
        let key = record.day + "\u{0}" + record.model
        var row = rows[key] ?? Row(day: record.day, model: record.model)
        switch record.kind {
        case .request: row.calls += 1
        case .error: row.errors += 1
        case .response:
          row.promptTokens += record.usage?.promptTokens ?? 0
          row.completionTokens += record.usage?.completionTokens ?? 0
          if let cost = record.costUSD {
            row.costUSD = (row.costUSD ?? 0) + cost
          } else {
            row.unpriced += 1
          }
        }
        rows[key] = row
      }
    }
    // A response's model may be the dated name the provider reports; keep rows as written.
    let sorted = rows.values.sorted { ($0.day, $0.model) < ($1.day, $1.model) }
    return TrafficStats(
      rows: sorted, pending: TrafficOutbox(directory: directory).pendingCount(), records: records)
  }

  /// The last `count` records across the log files, oldest first.
  public static func tail(directory: TrafficDirectory, count: Int) -> [TrafficRecord] {
    guard count > 0 else { return [] }
    var collected: [TrafficRecord] = []
    var files = directory.files()
    // Files are per day: read the newest days until enough records are in hand.
    while let name = files.popLast() {
      let day = String(name.suffix(16))
      var sameDay = [name]
      while let previous = files.last, previous.hasSuffix(day) {
        sameDay.append(files.removeLast())
      }
      collected += sameDay.flatMap { TrafficReader.records(path: "\(directory.path)/\($0)") }
      if collected.count >= count { break }
    }
    return Array(collected.sorted { $0.time < $1.time }.suffix(count))
  }
}
