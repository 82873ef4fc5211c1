import Testing

@testable import GitLLM

@Suite struct URLRedactionTests {
  @Test(arguments: [
    ("https://user:token@github.com/o/r.git", "https://github.com/o/r.git"),
    ("https://ghp_secret@github.com", "https://github.com"),
    ("https://x-access-token:abc@gitlab.com:8443/o/r", "https://gitlab.com:8443/o/r"),
    ("http://a:b@host/path/with@at", "http://host/path/with@at"),
    ("ssh://git@host.example/o/r.git", "ssh://host.example/o/r.git"),
    ("git@github.com:o/r.git", "git@github.com:o/r.git"),
    ("/srv/git/r.git", "/srv/git/r.git"),
    ("https://github.com/o/r.git", "https://github.com/o/r.git"),
    (
      "https://host/r?token=abc&ref=main&Access_Token=x&sig=s#frag",
      "https://host/r?token=REDACTED&ref=main&Access_Token=REDACTED&sig=REDACTED#frag"
    ),
    ("https://u:p@host/r?key=k&password=p", "https://host/r?key=REDACTED&password=REDACTED"),
    ("https://host/r?monkey=1&flag", "https://host/r?monkey=1&flag"),
  ])
  func credentialsAreStripped(url: String, expected: String) {
    #expect(URLRedaction.stripCredentials(url) == expected)
  }
}
