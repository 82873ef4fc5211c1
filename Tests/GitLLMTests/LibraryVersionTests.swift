import Testing
@testable import GitLLM

@Suite struct LibraryVersionTests {
  @Test func linksTheDebianCLibraries() {
    let versions = BuildInfo.libraryVersions
    #expect(versions["libgit2"]?.hasPrefix("1.") == true)
    #expect(versions["libcurl"]?.hasPrefix("7.") == true || versions["libcurl"]?.hasPrefix("8.") == true)
    #expect(versions["sqlite"]?.hasPrefix("3.") == true)
  }
}
