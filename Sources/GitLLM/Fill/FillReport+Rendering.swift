import Foundation

extension FillReport {
  /// One row per stub: attempts, result, tokens, cost, time; then the final checks.
  public var table: String {
    var rows = [["stub", "attempts", "result", "tokens", "cost", "time"]]
    for result in stubs {
      rows.append([
        result.stub.path, String(result.attempts.count), result.passed ? "passed" : "FAILED",
        String(result.tokens), FillReport.cost(result.costUSD), String(format: "%.1fs", result.seconds),
      ])
    }
    let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    var lines = rows.map { row in
      zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
        .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
    for result in stubs where !result.passed {
      lines.append("\(result.stub.path): \(result.reason ?? "failed"); restored")
    }
    for check in finalChecks {
      lines.append("\(check.passed ? "ok" : "FAILED") together: \(check.command)")
      if !check.passed { lines.append(check.output) }
    }
    let passedCount = stubs.filter(\.passed).count
    lines.append("\(passedCount)/\(stubs.count) stubs filled in \(String(format: "%.1f", seconds))s")
    return lines.joined(separator: "\n")
  }

  /// The same report as GitHub-flavoured Markdown, for `$GITHUB_STEP_SUMMARY`.
  public var markdown: String {
    var lines = [
      "### git llm fill", "",
      "| stub | attempts | result | tokens | cost | time |", "|---|---:|---|---:|---:|---:|",
    ]
    for result in stubs {
      let status = result.passed ? "✅ passed" : "❌ \(result.reason ?? "failed")"
      lines.append(
        "| `\(result.stub.path)` | \(result.attempts.count) | \(status.replacingOccurrences(of: "|", with: "\\|")) | \(result.tokens) | \(FillReport.cost(result.costUSD)) | \(String(format: "%.1f", result.seconds)) s |"
      )
    }
    for check in finalChecks {
      lines.append("")
      lines.append("\(check.passed ? "✅" : "❌") together: `\(check.command)`")
    }
    lines.append("")
    return lines.joined(separator: "\n") + "\n"
  }

  /// A cost in USD with at least six decimals and two significant digits, so a real cost never
  /// reads as zero; "unpriced" when the model is not in the price table.
  static func cost(_ value: Double?) -> String {
    guard let value else { return "unpriced" }
    guard value > 0 else { return "$0" }
    let decimals = min(12, max(6, Int((-log10(value)).rounded(.down)) + 2))
    return String(format: "$%.\(decimals)f", value)
  }
}
