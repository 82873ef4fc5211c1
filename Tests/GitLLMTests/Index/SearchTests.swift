import Foundation
import Testing
@testable import GitLLM

/// Relevance on a small fixture repository: known questions must rank the right file first.
@Suite struct SearchTests {
  static func makeFixture() throws -> TestRepository {
    let repo = try TestRepository("search")
    try repo.commit("fixture", files: [
      "README.md": """
        # Weather station

        Collects temperature readings from sensors and publishes daily reports.

        ## Installation

        Run `make install` and set STATION_ID in the environment.
        """,
      "station/sensors.py": """
        import random

        class TemperatureSensor:
            \"\"\"Reads the temperature in Celsius from the serial port.\"\"\"

            def read_celsius(self):
                return self.port.read_float()
        """,
      "station/report.py": """
        def build_daily_report(readings):
            \"\"\"Summarise one day: minimum, maximum and mean temperature.\"\"\"
            values = [r.value for r in readings]
            return {"min": min(values), "max": max(values), "mean": sum(values) / len(values)}
        """,
      "station/http/Client.swift": """
        /// Uploads reports to the central server.
        public struct UploadClient {
          public func parseHTTPResponse(_ data: Data) throws -> Int { 200 }
          public func retryWithBackoff(attempts: Int) {}
        }
        """,
      "station/storage.go": """
        package station

        // SaveReading appends one reading to the SQLite database.
        func SaveReading(db *sql.DB, value float64) error {
            _, err := db.Exec("INSERT INTO readings(value) VALUES(?)", value)
            return err
        }
        """,
      "docs/calibration.md": """
        # Calibration

        Sensors drift; calibrate them against an ice bath at 0 degrees every month.
        """,
    ])
    return repo
  }

  @Test func knownQuestionsRankTheRightFileFirst() throws {
    let repo = try Self.makeFixture()
    try repo.runIndexer()
    let store = try IndexStore(path: "\(repo.path)/.git/llm/index.sqlite")
    let searcher = Searcher(store: store)
    let cases: [(String, String)] = [
      ("how is the daily report built", "station/report.py"),
      ("read temperature celsius sensor", "station/sensors.py"),
      ("parse http response", "station/http/Client.swift"),
      ("parseHTTPResponse", "station/http/Client.swift"),
      ("retry_with_backoff", "station/http/Client.swift"),
      ("where are readings saved to the database", "station/storage.go"),
      ("how do I calibrate the sensors", "docs/calibration.md"),
      ("installation", "README.md"),
      ("storage", "station/storage.go"),
    ]
    for (question, expected) in cases {
      let hits = try searcher.keywordSearch(question, limit: 3)
      #expect(hits.first?.path == expected, "\(question) → \(hits.map(\.path))")
    }
    #expect(try searcher.keywordSearch("zebra", limit: 3).isEmpty)
  }

  @Test func searchCommandPrintsRankedChunksAndJSON() throws {
    let repo = try Self.makeFixture()
    #expect(try gitLLM(["index"], in: repo.path).status == 0)
    let text = try gitLLM(["search", "daily", "report", "-k", "2"], in: repo.path)
    #expect(text.status == 0, "\(text)")
    #expect(text.stdout.hasPrefix("station/report.py:1-4  "))
    #expect(text.stdout.contains("    def build_daily_report(readings):"))
    let json = try gitLLM(["search", "calibrate", "--json"], in: repo.path)
    struct Hit: Decodable { var path: String; var startLine: Int; var endLine: Int; var score: Double; var snippet: String }
    let hits = try JSONDecoder().decode([Hit].self, from: Data(json.stdout.utf8))
    #expect(hits.first?.path == "docs/calibration.md" && hits.first?.startLine == 1 && hits.first!.score > 0)

    try repo.commit("later", files: ["notes.md": "# Notes\n"])
    let stale = try gitLLM(["search", "notes"], in: repo.path)
    #expect(stale.stderr.contains("run `git llm index`"))
    let empty = try TestRepository("empty")
    let none = try gitLLM(["search", "x"], in: empty.path)
    #expect(none.status == 1 && none.stderr.contains("no index yet"))
  }
}
