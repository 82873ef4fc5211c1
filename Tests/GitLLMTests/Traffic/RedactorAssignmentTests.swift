import Testing
@testable import GitLLM

/// Secret-named assignments are masked whatever prefixes the name carries, as test output that
/// prints an environment or a config file shows them.
@Suite struct RedactorAssignmentTests {
  let redactor = Redactor()

  @Test(arguments: [
    ("DB_PASSWORD=hunter2hunter2", "hunter2hunter2"),
    ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI"),
    ("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI"),
    ("{'DB_PASSWORD': 'hunter2hunter2', 'HOME': '/root'}", "hunter2hunter2"),
    ("export GITHUB_TOKEN=abcd1234efgh5678", "abcd1234efgh5678"),
    ("stripe.secret_key: sk_live_51Habcdef", "sk_live_51Habcdef"),
    ("MY_SERVICE_API_KEY=\"q1w2e3r4t5\"", "q1w2e3r4t5"),
  ])
  func prefixedSecretNamesAreMasked(line: String, secret: String) {
    let redacted = redactor.redact(line)
    #expect(!redacted.contains(secret), "\(redacted)")
    #expect(redacted.contains("[REDACTED]"))
  }

  @Test func tokenCountsAndOrdinaryWordsSurvive() {
    let text = #"{"prompt_tokens": 120, "max_tokens": 4096, "tokenizer": "unicode61", "HOME": "/root"}"#
    #expect(redactor.redact(text) == text)
  }
}
