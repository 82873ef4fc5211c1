import Foundation
import Testing

@testable import GitLLM

@Suite struct GoogleJWTTests {
  @Test func serviceAccountJWTVerifiesWithOpenSSL() throws {
    let scratch = try ScratchDirectory("jwt")
    try writeRSAKeyPair(in: scratch)
    let pem = try scratch.read("key.pem")
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    let jwt = try ServiceAccountJWT(
      clientEmail: "svc@p.iam.gserviceaccount.com", privateKeyID: "kid1",
      tokenURI: "http://127.0.0.1:1/token"
    )
    .signed(privateKeyPEM: pem, now: now)
    let parts = jwt.split(separator: ".").map(String.init)
    #expect(parts.count == 3)
    let header = try JSONValue.object(Base64URL.decode(parts[0]) ?? Data())
    #expect(header["alg"] as? String == "RS256" && header["kid"] as? String == "kid1")
    let claims = try JSONValue.object(Base64URL.decode(parts[1]) ?? Data())
    #expect(claims["iss"] as? String == "svc@p.iam.gserviceaccount.com")
    #expect(claims["scope"] as? String == "https://www.googleapis.com/auth/pubsub")
    #expect(claims["aud"] as? String == "http://127.0.0.1:1/token")
    #expect(claims["iat"] as? Int == 1_700_000_000 && claims["exp"] as? Int == 1_700_003_600)
    try Data((parts[0] + "." + parts[1]).utf8).write(to: URL(fileURLWithPath: scratch("input")))
    try (Base64URL.decode(parts[2]) ?? Data()).write(to: URL(fileURLWithPath: scratch("sig")))
    let verify = try Subprocess.run(
      "/usr/bin/openssl",
      [
        "dgst", "-sha256", "-verify", scratch("pub.pem"), "-signature", scratch("sig"),
        scratch("input"),
      ])
    #expect(verify.status == 0 && verify.stdout.contains("Verified OK"), "\(verify)")
    try Data("tampered".utf8).write(to: URL(fileURLWithPath: scratch("input")))
    let bad = try Subprocess.run(
      "/usr/bin/openssl",
      [
        "dgst", "-sha256", "-verify", scratch("pub.pem"), "-signature", scratch("sig"),
        scratch("input"),
      ])
    #expect(bad.status != 0)
  }

  @Test func badKeyGivesOpenSSLsOwnMessage() {
    #expect {
      _ = try RS256.sign(
        Data("x".utf8),
        privateKeyPEM: "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n")
    } throws: { error in
      "\(error)".contains("PEM_read_bio_PrivateKey failed:") && "\(error)".count > 45
    }
  }

  @Test func credentialFilesParseAndBuildTokenRequests() throws {
    let user = try GoogleCredentials.parse(
      Data(
        #"{"type":"authorized_user","client_id":"cid","client_secret":"cs","refresh_token":"1//rt","token_uri":"http://127.0.0.1:9/t"}"#
          .utf8))
    let request = try user.tokenRequestBody()
    #expect(request.url == "http://127.0.0.1:9/t")
    #expect(
      String(decoding: request.body, as: UTF8.self)
        == "grant_type=refresh_token&client_id=cid&client_secret=cs&refresh_token=1%2F%2Frt")
    #expect(throws: GoogleAuthError.self) {
      try GoogleCredentials.parse(Data(#"{"type":"external_account"}"#.utf8))
    }
    #expect(throws: GoogleAuthError("credentials has no client_email")) {
      try GoogleCredentials.parse(Data(#"{"type":"service_account","private_key":"k"}"#.utf8))
    }
  }

  @Test func tokenResponsesParseWithExpiry() throws {
    let now = Date(timeIntervalSince1970: 1000)
    let token = try AccessToken.parse(
      Data(#"{"access_token":"ya29.x","expires_in":3599,"token_type":"Bearer"}"#.utf8), now: now)
    #expect(token == AccessToken(token: "ya29.x", expiresAt: Date(timeIntervalSince1970: 4599)))
    #expect(token.isFresh(now: now))
    #expect(!token.isFresh(now: Date(timeIntervalSince1970: 4500)))
    #expect(throws: GoogleAuthError("token endpoint refused: invalid_grant Bad Request")) {
      try AccessToken.parse(
        Data(#"{"error":"invalid_grant","error_description":"Bad Request"}"#.utf8))
    }
  }
}
