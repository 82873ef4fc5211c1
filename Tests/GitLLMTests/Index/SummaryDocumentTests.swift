import Foundation
import Testing

/// Summaries are indexed as documents of their source: search and ask name the source they
/// describe, so a question about what a file does can be answered from its summary.
@Suite struct SummaryDocumentTests {
  struct Hit: Decodable {
    var path: String
    var summaryOf: String?
  }

  @Test func searchAndAskLabelSummariesWithTheirSource() throws {
    let repo = try TestRepository("summary-docs")
    try repo.installSummariesHook()
    try repo.write(
      "billing/invoice.py",
      "\"\"\"Invoice totals with VAT.\"\"\"\n\ndef invoice_total(lines, vat_rate):\n    \"\"\"Sums the lines and adds VAT.\"\"\"\n    return sum(lines) * (1 + vat_rate)\n")
    try repo.git("add", "-A")
    let commit = try repo.commitWithHook(["-m", "invoice"])
    #expect(commit.status == 0, "\(commit)")
    #expect(repo.exists("billing/invoice.py.md"))
    #expect(try gitLLM(["index"], in: repo.path).status == 0)

    let search = try gitLLM(["search", "invoice_total", "-k", "5", "--json"], in: repo.path)
    #expect(search.status == 0, "\(search)")
    let hits = try JSONDecoder().decode([Hit].self, from: Data(search.stdout.utf8))
    #expect(hits.contains { $0.path == "billing/invoice.py.md" && $0.summaryOf == "billing/invoice.py" })
    #expect(hits.contains { $0.path == "billing/invoice.py" && $0.summaryOf == nil })

    let ask = try gitLLM(["ask", "what does invoice_total do?", "-k", "5"], in: repo.path, environment: ["LLM_PROVIDER": "none"])
    #expect(ask.status == 0, "\(ask)")
    #expect(ask.stdout.contains("  billing/invoice.py.md:"))
    #expect(ask.stdout.contains("(summary of billing/invoice.py)"))
  }
}
