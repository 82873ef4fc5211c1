import Foundation
import Testing

@testable import GitLLM

@Suite struct RedactorTests {
  let redactor = Redactor(secrets: ["configured-key-value-42"])

  @Test(arguments: [
    "sk-abcdefghijklmnopqrstuvwx1234",
    "sk-proj-AbC_dEf-GhIjKlMnOpQrStUvWx",
    "sk-ant-api03-AbCdEfGhIjKlMnOp_qrstu-vw",
    "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    "gho_abcdefghijklmnopqrstuvwxyz0123456789",
    "ghs_abcdefghijklmnopqrstuvwxyz0123456789",
    "github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyz",
    "AKIAIOSFODNN7EXAMPLE",
    "AIzaSyA-1234567890abcdefghijklmnopqrstu",
    "ya29.a0AfH6SMBabcdefghijklmnop",
    "xoxb-123456789012-abcdefghijkl",
    "configured-key-value-42",
  ])
  func tokenShapesAreMasked(token: String) {
    let text = "use \(token) now"
    let out = redactor.redact(text)
    #expect(!out.contains(token), "\(out)")
    #expect(out.contains("[REDACTED]"))
    #expect(out.hasPrefix("use ") && out.hasSuffix(" now"))
  }

  @Test func headersBearerAndKeyAssignmentsAreMasked() {
    let out = redactor.redact(
      """
      Authorization: Basic dXNlcjpwYXNzd29yZA==
      curl -H "Bearer abcdefghij.klmnop"
      x-api-key: 1234abcd5678
      {"client_secret": "hush-hush-secret", "password":"p4ssw0rd!"}
      """)
    for leaked in [
      "dXNlcjpwYXNzd29yZA", "abcdefghij.klmnop", "1234abcd5678", "hush-hush-secret", "p4ssw0rd",
    ] {
      #expect(!out.contains(leaked), "\(leaked) in \(out)")
    }
    #expect(out.contains("Authorization: [REDACTED]"))
    #expect(out.contains("x-api-key: [REDACTED]"))
  }

  @Test func privateKeyBlocksAndURLCredentialsAreMasked() {
    let pem =
      "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nabc/def+ghi==\n-----END PRIVATE KEY-----"
    let out = redactor.redact(
      "key:\n\(pem)\nclone https://bob:tok3n@github.com/x/y.git?x=1&access_token=zzz123 done")
    #expect(!out.contains("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"))
    #expect(out.contains("-----BEGIN PRIVATE KEY-----\n[REDACTED]\n-----END PRIVATE KEY-----"))
    #expect(!out.contains("tok3n") && !out.contains("bob"))
    #expect(out.contains("https://[REDACTED]@github.com/x/y.git?x=1&access_token=[REDACTED] done"))
  }

  @Test func ordinaryTextIsUntouched() {
    let text =
      "Tokens Used: 150\n\tPrompt Tokens: 120\nThe token budget and the secret sauce of skipping tasks.\nSQL: SELECT 1; -- see https://example.com/a?b=c"
    #expect(redactor.redact(text) == text)
    #expect(Redactor().redact("short key 12345") == "short key 12345")
  }

  @Test func redactionIsFastEnoughForEveryRecord() {
    let chunk = String(
      repeating: "let value = compute(x: 1, y: 2) // a line of ordinary code\n", count: 200)
    let clock = ContinuousClock()
    let elapsed = clock.measure {
      for _ in 0..<50 { _ = redactor.redact(chunk) }
    }
    // 50 × 12 KB; a generous bound that still catches a pathological (backtracking) pattern.
    #expect(elapsed < .seconds(5), "\(elapsed)")
  }
}
