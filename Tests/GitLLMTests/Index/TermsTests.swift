import Testing
@testable import GitLLM

@Suite struct TermsTests {
  @Test func splitsCamelPascalAndSnakeCase() {
    #expect(Terms.parts(of: "parseHTTPResponse") == ["parse", "http", "response"])
    #expect(Terms.parts(of: "HTTPServer") == ["http", "server"])
    #expect(Terms.parts(of: "max_file_bytes") == ["max", "file", "bytes"])
    #expect(Terms.parts(of: "utf8Decode") == ["utf8", "decode"])
    #expect(Terms.parts(of: "lowercase").isEmpty)
    #expect(Terms.parts(of: "UPPER").isEmpty)
  }

  @Test func expansionListsEachPartOnce() {
    let text = "let x = parseHTTPResponse(raw); parseHTTPResponse(y); http_status = 1"
    #expect(Terms.expansion(of: text) == "parse http response status")
  }

  @Test func queriesAreExpandedTheSameWayAndStopWordsDropped() {
    #expect(Terms.queryTerms("How does parseHTTPResponse work?") == ["parsehttpresponse", "parse", "http", "response", "work"])
    #expect(Terms.queryTerms("the") == ["the"])
    #expect(Terms.matchExpression(for: "max_file_bytes go") == #"("max_file_bytes" OR ("max" AND "file" AND "bytes")) OR "go""#)
    #expect(Terms.matchExpression(for: "?! ") == nil)
  }
}
